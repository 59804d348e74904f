package io.quakegraph.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.model.Estimate;
import io.quakegraph.seismic.Origin;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scores on hand-built estimates. */
class MetricsTest {
  private static final Origin TRUTH = new Origin(1_000_000_000L, 34.0, -118.0, 10.0);

  static EvalRecord rec(
      String method, double dLatDeg, double dDepth, double dMag, double dtS, double sigmaKm) {
    Estimate e =
        new Estimate(
            34.0 + dLatDeg,
            -118.0,
            10.0 + dDepth,
            4.0 + dMag,
            TRUTH.timeMicros() + Math.round(dtS * 1e6),
            sigmaKm,
            sigmaKm,
            1.0,
            0.1,
            0.5);
    return new EvalRecord(method, "ev", 0, 8, TRUTH.timeMicros() + 20_000_000L, 100, TRUTH, 4.0, e);
  }

  @Test
  void mediansMeansAndCoverage() {
    List<EvalRecord> rs = new ArrayList<>();
    // north errors 1.1119, 2.2239, 3.3358, 4.4478 km with sigma 2.5 km: two within 1σ, all
    // within 2σ; depth errors 0.5, 1.5, 2.5, 3.5 km with σ 1: one within 1σ, two within 2σ.
    for (int i = 1; i <= 4; i++) {
      rs.add(rec("m", 0.01 * i, i - 0.5, 0.04 * i, 0.2 * i, 2.5));
    }
    Metrics m = Metrics.of(rs);
    assertEquals(4, m.count());
    assertEquals(4, m.estimated());
    assertEquals((2.2239 + 3.3358) / 2, m.epicentralKmMedian(), 1e-3);
    assertEquals((1.1119 + 2.2239 + 3.3358 + 4.4478) / 4, m.epicentralKmMean(), 1e-3);
    assertEquals(2.0, m.depthKmMedian(), 1e-9);
    assertEquals(0.1, m.magnitudeAbsMedian(), 1e-9);
    assertEquals(0.5, m.originAbsMedianS(), 1e-6);
    assertEquals(0.5, m.within1Sigma()[0], 1e-12, "north 1σ");
    assertEquals(1.0, m.within2Sigma()[0], 1e-12, "north 2σ");
    assertEquals(1.0, m.within1Sigma()[1], 1e-12, "east error is zero");
    assertEquals(0.25, m.within1Sigma()[2], 1e-12, "depth 1σ");
    assertEquals(0.5, m.within2Sigma()[2], 1e-12, "depth 2σ");
    // magnitude errors 0.04..0.16 with σ 0.1: 0.04, 0.08 within 1σ; all within 2σ
    assertEquals(0.5, m.within1Sigma()[3], 1e-9);
    assertEquals(1.0, m.within2Sigma()[3], 1e-9);
  }

  @Test
  void failuresCountAsInfinitelyWrongInMedians() {
    List<EvalRecord> rs = new ArrayList<>();
    rs.add(rec("c", 0.01, 0, 0, 0, 1));
    EvalRecord none =
        new EvalRecord(
            "c",
            "ev",
            0,
            8,
            0,
            3,
            TRUTH,
            4.0,
            new Estimate(
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN));
    rs.add(none);
    rs.add(none);
    Metrics m = Metrics.of(rs);
    assertEquals(3, m.count());
    assertEquals(1, m.estimated());
    assertTrue(Double.isInfinite(m.epicentralKmMedian()));
    assertEquals(1.1119, m.epicentralKmMean(), 1e-3, "means are over the estimated graphs");
    rs.add(rec("c", 0.02, 0, 0, 0, 1));
    rs.add(rec("c", 0.03, 0, 0, 0, 1));
    assertEquals(3.3358, Metrics.of(rs).epicentralKmMedian(), 1e-3);
  }
}
