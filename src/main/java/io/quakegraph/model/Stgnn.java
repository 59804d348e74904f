package io.quakegraph.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The spatio-temporal graph neural network: a {@link StationEncoder} per station and a {@link
 * GraphHead} of dual-neighbourhood dynamic EdgeConv layers per graph, to 5 source parameters with a
 * log-sigma each (see {@link LabelCodec}).
 *
 * <p>Build with {@link #create(ModelSpec)} or {@link #builder(NetworkFrame)}; save with {@link
 * #save(Path)} and load with {@link #load(Path)}. The stream runs {@link #encode} per station as
 * data arrives and {@link #head} per graph; training and evaluation run {@link #forward}.
 */
public final class Stgnn implements GraphModel {
  /** The kind stored in spec.json. */
  public static final String KIND = "stgnn";

  private final ModelSpec spec;
  private final NDManager manager;
  private final StationEncoder encoder;
  private final GraphHead head;
  private final EncoderHeadBlock block;

  private Stgnn(ModelSpec spec, NDManager manager) {
    this.spec = spec;
    this.manager = manager;
    this.encoder = new StationEncoder(spec.windowSamples(), spec.embeddingDim());
    this.head =
        new GraphHead(
            spec.embeddingDim(), spec.k(), spec.graphLayers(), spec.hidden(), spec.pickFeatures());
    this.block = new EncoderHeadBlock(encoder, head);
  }

  /** A new model with parameters initialised from {@code spec.seed()}. */
  public static Stgnn create(ModelSpec spec) {
    Stgnn m = new Stgnn(spec, NDManager.newBaseManager());
    ModelFiles.initialize(m.block, m.manager, spec);
    return m;
  }

  /** Loads a model saved by {@link #save(Path)}. */
  public static Stgnn load(Path dir) throws IOException {
    String kind = ModelFiles.readKind(dir);
    if (!KIND.equals(kind)) {
      throw new IOException(dir + " holds a " + kind + " model, not an " + KIND);
    }
    Stgnn m = new Stgnn(ModelFiles.readSpec(dir), NDManager.newBaseManager());
    try {
      ModelFiles.readParams(dir.resolve(ModelFiles.ENCODER), m.encoder, m.manager);
      ModelFiles.readParams(dir.resolve(ModelFiles.HEAD), m.head, m.manager);
    } catch (IOException | RuntimeException e) {
      m.close();
      throw e;
    }
    return m;
  }

  /** A builder starting from {@link ModelSpec#defaults}. */
  public static Builder builder(NetworkFrame frame) {
    return new Builder(ModelSpec.defaults(frame, 1));
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
  public GraphHead head() {
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
    return "Stgnn[" + spec + "]";
  }

  /** Builds an {@link Stgnn} (or a {@link GcnBaseline}) from a spec changed field by field. */
  public static final class Builder {
    private double sampleRate;
    private int windowSamples;
    private int embeddingDim;
    private int k;
    private int graphLayers;
    private int hidden;
    private long seed;
    private final NetworkFrame frame;
    private int pickFeatures;

    private Builder(ModelSpec s) {
      sampleRate = s.sampleRate();
      windowSamples = s.windowSamples();
      embeddingDim = s.embeddingDim();
      k = s.k();
      graphLayers = s.graphLayers();
      hidden = s.hidden();
      seed = s.seed();
      frame = s.frame();
      pickFeatures = s.pickFeatures();
    }

    public Builder windowSamples(int w) {
      windowSamples = w;
      return this;
    }

    public Builder sampleRate(double r) {
      sampleRate = r;
      return this;
    }

    public Builder embeddingDim(int e) {
      embeddingDim = e;
      return this;
    }

    public Builder k(int k) {
      this.k = k;
      return this;
    }

    public Builder graphLayers(int l) {
      graphLayers = l;
      return this;
    }

    public Builder hidden(int h) {
      hidden = h;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Per-station pick features: {@link PickFeatures#COUNT} (v2, the default) or 0 (v1). */
    public Builder pickFeatures(int count) {
      pickFeatures = count;
      return this;
    }

    /** The spec as built so far. */
    public ModelSpec spec() {
      return new ModelSpec(
          sampleRate,
          windowSamples,
          embeddingDim,
          k,
          graphLayers,
          hidden,
          seed,
          frame,
          pickFeatures);
    }

    public Stgnn build() {
      return create(spec());
    }
  }
}
