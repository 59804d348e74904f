package io.quakegraph.model;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The on-disk model layout: a folder with {@code spec.json} ({@code {"format": 1, "kind": "stgnn" |
 * "gcn", "spec": {...}}}), {@code encoder.params} and {@code head.params} (DJL's parameter format,
 * {@link Block#saveParameters}). Encoder and head are separate files so the stream can load and run
 * them separately.
 */
final class ModelFiles {
  static final String SPEC = "spec.json";
  static final String ENCODER = "encoder.params";
  static final String HEAD = "head.params";
  static final int FORMAT = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelFiles() {}

  static void save(Path dir, String kind, ModelSpec spec, Block encoder, Block head)
      throws IOException {
    Files.createDirectories(dir);
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("kind", kind);
    root.set("spec", JSON.valueToTree(spec));
    JSON.writeValue(dir.resolve(SPEC).toFile(), root);
    writeParams(dir.resolve(ENCODER), encoder);
    writeParams(dir.resolve(HEAD), head);
  }

  /** The spec stored in a model folder. */
  static ModelSpec readSpec(Path dir) throws IOException {
    return JSON.treeToValue(readRoot(dir).get("spec"), ModelSpec.class);
  }

  static String readKind(Path dir) throws IOException {
    return readRoot(dir).get("kind").asText();
  }

  private static JsonNode readRoot(Path dir) throws IOException {
    Path f = dir.resolve(SPEC);
    if (!Files.isRegularFile(f)) {
      throw new IOException("not a model folder (no " + SPEC + "): " + dir);
    }
    JsonNode root = JSON.readTree(f.toFile());
    int format = root.path("format").asInt(-1);
    if (format != FORMAT) {
      throw new IOException(f + ": unsupported model format " + format);
    }
    return root;
  }

  static GraphModel load(Path dir) throws IOException {
    String kind = readKind(dir);
    return switch (kind) {
      case Stgnn.KIND -> Stgnn.load(dir);
      case GcnBaseline.KIND -> GcnBaseline.load(dir);
      default -> throw new IOException(dir + ": unknown model kind " + kind);
    };
  }

  static void readParams(Path file, Block block, NDManager manager) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file));
        DataInputStream data = new DataInputStream(in)) {
      block.loadParameters(manager, data);
    } catch (MalformedModelException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private static void writeParams(Path file, Block block) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
        DataOutputStream data = new DataOutputStream(out)) {
      block.saveParameters(data);
    }
  }

  /**
   * Initialises a freshly built block with the spec's seed: one graph of one station, float32.
   * Parameter shapes do not depend on B or N, so any later batch shape works.
   */
  static void initialize(Block block, NDManager manager, ModelSpec spec) {
    Engine.getInstance().setRandomSeed((int) (spec.seed() ^ (spec.seed() >>> 32)));
    Shape[] shapes = {
      new Shape(1, 1, 3, spec.windowSamples()),
      new Shape(1, 1, 1),
      new Shape(1, 1, 3),
      new Shape(1, 1),
      new Shape(1, 1, spec.pickFeatures())
    };
    block.initialize(
        manager, DataType.FLOAT32, spec.usesPicks() ? shapes : java.util.Arrays.copyOf(shapes, 4));
  }
}
