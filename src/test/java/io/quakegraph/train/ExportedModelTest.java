package io.quakegraph.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.quakegraph.model.GraphBatch;
import io.quakegraph.model.GraphInput;
import io.quakegraph.model.GraphModel;
import io.quakegraph.model.LabelCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The committed model export loads with one call, runs, and stays small. */
class ExportedModelTest {
  private static final Path DIR = Path.of("model-export/stgnn-socal-v1");

  @Test
  void loadsWithOneCallAndRuns() throws Exception {
    Assumptions.assumeTrue(
        Files.isRegularFile(DIR.resolve("spec.json")),
        "model-export/stgnn-socal-v1 does not exist yet (the training run exports it)");
    long bytes;
    try (Stream<Path> s = Files.walk(DIR)) {
      bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    assertTrue(bytes <= 20_000_000, "export is " + bytes + " bytes, above 20 MB");
    try (GraphModel m = GraphModel.load(DIR)) {
      assertEquals("stgnn", m.kind());
      int w = m.spec().windowSamples();
      int n = 5;
      float[] wave = new float[n * 3 * w];
      for (int i = 0; i < wave.length; i++) {
        wave[i] = (float) Math.sin(i * 0.01);
      }
      float[] coords = new float[n * 3];
      for (int i = 0; i < n; i++) {
        coords[3 * i] = 0.1f * i;
        coords[3 * i + 1] = -0.1f * i;
      }
      GraphInput g =
          new GraphInput(
              "x",
              0,
              n,
              wave,
              new float[] {-6, -6, -6, -6, -6},
              coords,
              new float[] {1, 1, 1, 1, 1},
              new String[] {"A.A", "A.B", "A.C", "A.D", "A.E"});
      try (NDManager mgr = m.manager().newSubManager()) {
        NDArray out = m.forward(GraphBatch.of(mgr, List.of(g)));
        assertEquals(LabelCodec.OUTPUTS, out.getShape().get(1));
        for (float v : out.toFloatArray()) {
          assertTrue(Float.isFinite(v));
        }
      }
    }
  }
}
