package io.quakegraph.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.dataset.EventSample;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The estimator wraps features, padding and decoding without changing the model's answer. */
class StgnnEstimatorTest {
  @Test
  void estimateMatchesForwardAndDecodeWithOrWithoutPadding(@TempDir Path dir) throws IOException {
    EventSample s = GraphFeaturesTest.sample(4);
    long cut = GraphFeaturesTest.START + 25_000_000;
    ModelSpec spec = RandomGraphs.smallSpec(8);
    try (Stgnn model = Stgnn.create(spec)) {
      model.save(dir);
      Estimate direct;
      try (StgnnEstimator plain = new StgnnEstimator(model, 0)) {
        direct = plain.estimate(s, cut);
        assertEquals("stgnn", plain.name());
      }
      try (StgnnEstimator padded = StgnnEstimator.open(dir, 40)) {
        padded.warmUp(40, 2);
        Estimate e = padded.estimate(s, cut);
        assertEquals(direct.latitude(), e.latitude(), 1e-4);
        assertEquals(direct.magnitude(), e.magnitude(), 1e-4);
        assertEquals(direct.originMicros(), e.originMicros(), 10);
        assertEquals(direct.sigmaDepthKm(), e.sigmaDepthKm(), 1e-3);
        // Batched estimates equal one-by-one estimates.
        GraphInput g = GraphFeatures.build(s, cut, spec);
        List<Estimate> many = padded.estimate(List.of(g, g, g), 2);
        assertEquals(3, many.size());
        assertEquals(e.longitude(), many.get(2).longitude(), 1e-4);
        assertTrue(Double.isFinite(e.sigmaHorizontalKm()) && e.sigmaHorizontalKm() > 0);
      }
    }
  }
}
