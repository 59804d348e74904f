package io.quakegraph.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The GCN baseline of van den Ende &amp; Ampuero (2020, GRL, "Automated seismic source
 * characterization using deep graph neural networks"): the same per-station CNN as the STGNN (own
 * weights), station coordinates appended, shared 1x1 layers, a masked max over stations and an MLP
 * ({@link GcnHead}). Same inputs, outputs, loss and file layout as {@link Stgnn}; the only
 * difference is that stations never exchange messages before the pooling. {@code k} of the spec is
 * unused.
 */
public final class GcnBaseline implements GraphModel {
  /** The kind stored in spec.json. */
  public static final String KIND = "gcn";

  private final ModelSpec spec;
  private final NDManager manager;
  private final StationEncoder encoder;
  private final GcnHead head;
  private final EncoderHeadBlock block;

  private GcnBaseline(ModelSpec spec, NDManager manager) {
    this.spec = spec;
    this.manager = manager;
    this.encoder = new StationEncoder(spec.windowSamples(), spec.embeddingDim());
    this.head =
        new GcnHead(spec.embeddingDim(), spec.graphLayers(), spec.hidden(), spec.pickFeatures());
    this.block = new EncoderHeadBlock(encoder, head);
  }

  /** A new model with parameters initialised from {@code spec.seed()}. */
  public static GcnBaseline create(ModelSpec spec) {
    GcnBaseline m = new GcnBaseline(spec, NDManager.newBaseManager());
    ModelFiles.initialize(m.block, m.manager, spec);
    return m;
  }

  /** Loads a model saved by {@link #save(Path)}. */
  public static GcnBaseline load(Path dir) throws IOException {
    String kind = ModelFiles.readKind(dir);
    if (!KIND.equals(kind)) {
      throw new IOException(dir + " holds a " + kind + " model, not a " + KIND);
    }
    GcnBaseline m = new GcnBaseline(ModelFiles.readSpec(dir), NDManager.newBaseManager());
    try {
      ModelFiles.readParams(dir.resolve(ModelFiles.ENCODER), m.encoder, m.manager);
      ModelFiles.readParams(dir.resolve(ModelFiles.HEAD), m.head, m.manager);
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
    return m;
  }

  @Override
  public ModelSpec spec() {
    return spec;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public StationEncoder encoder() {
    return encoder;
  }

  @Override
  public GcnHead head() {
    return head;
  }

  @Override
  public Block block() {
    return block;
  }

  @Override
  public NDManager manager() {
    return manager;
  }

  @Override
  public void save(Path dir) throws IOException {
    ModelFiles.save(dir, KIND, spec, encoder, head);
  }

  @Override
  public void close() {
    manager.close();
  }

  @Override
  public String toString() {
    return "GcnBaseline[" + spec + "]";
  }
}
