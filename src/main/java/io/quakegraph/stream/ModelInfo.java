package io.quakegraph.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quakegraph.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the operators that do not run the model need to know about it: its spec (rate, window) and
 * its version name. Read from {@code spec.json} without loading the parameters or DJL.
 *
 * @param spec the model spec
 * @param version the model's version: the name of its folder, e.g. {@code stgnn-socal-v1}
 */
public record ModelInfo(ModelSpec spec, String version) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code dir/spec.json}. */
  public static ModelInfo read(Path dir) throws IOException {
    Path f = dir.resolve("spec.json");
    if (!Files.isRegularFile(f)) {
      throw new IOException("not a model folder (no spec.json): " + dir);
    }
    JsonNode root = JSON.readTree(f.toFile());
    return new ModelInfo(JSON.treeToValue(root.get("spec"), ModelSpec.class), versionOf(dir));
  }

  /** The version name of a model folder. */
  public static String versionOf(Path dir) {
    Path name = dir.toAbsolutePath().normalize().getFileName();
    return name == null ? "model" : name.toString();
  }
}
