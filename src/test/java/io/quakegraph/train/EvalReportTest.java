package io.quakegraph.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's JSON keys, tables and plots. */
class EvalReportTest {

  private static EvalReport report() {
    List<EvalRecord> rs = new ArrayList<>();
    for (String m : List.of("stgnn", "gcn")) {
      for (double t : Evaluation.TIMES) {
        for (double d : Evaluation.DROPOUTS) {
          for (int i = 1; i <= 3; i++) {
            EvalRecord r = MetricsTest.rec(m, 0.01 * i * (m.equals("gcn") ? 2 : 1), 1, 0.1, 0.3, 2);
            rs.add(
                new EvalRecord(
                    m,
                    "ev" + i,
                    d,
                    t,
                    r.cutMicros(),
                    r.stations(),
                    r.truth(),
                    r.trueMagnitude(),
                    r.estimate()));
          }
        }
      }
    }
    return new EvalReport(List.of("stgnn", "gcn"), Evaluation.TIMES, Evaluation.DROPOUTS, rs);
  }

  @Test
  void jsonIsKeyedByModelThenTime(@TempDir Path tmp) throws Exception {
    EvalReport r = report();
    Path f = tmp.resolve("eval.json");
    r.writeJson(f);
    JsonNode root = new ObjectMapper().readTree(f.toFile());
    assertEquals(List.of("stgnn", "gcn"), iterable(root.fieldNames()));
    assertEquals(
        List.of("0.5", "1", "2", "4", "8", "16", "25"), iterable(root.get("stgnn").fieldNames()));
    JsonNode at8 = root.get("stgnn").get("8");
    for (String k :
        List.of(
            "epicentral_km_median",
            "epicentral_km_mean",
            "depth_km_median",
            "magnitude_abs_median",
            "origin_time_abs_median_s",
            "within_1sigma",
            "within_2sigma")) {
      assertTrue(at8.get(k).isNumber(), k);
    }
    assertEquals(2.2239, at8.get("epicentral_km_median").asDouble(), 1e-3);
    assertEquals(4.4478, root.get("gcn").get("8").get("epicentral_km_median").asDouble(), 1e-3);
    assertEquals(1.0, at8.get("depth_km_median").asDouble(), 1e-9);
    assertTrue(at8.get("dropped").has("0.25") && at8.get("dropped").has("0.5"));
    assertTrue(at8.get("by_magnitude").has("3.5-4.5"));
    assertEquals(3, at8.get("by_magnitude").get("3.5-4.5").get("count").asInt());
  }

  @Test
  void tablesAndPlots(@TempDir Path tmp) throws Exception {
    EvalReport r = report();
    assertTrue(r.markdown().contains("| 8 s | stgnn | 3/3 | 2.2 |"), r.markdown());
    assertTrue(r.targetsMarkdown("stgnn").contains("| yes |"));
    List<Path> pngs = EvalPlots.write(r, tmp, List.of());
    assertEquals(10, pngs.size());
    for (Path p : pngs) {
      assertTrue(Files.size(p) > 1000, p.toString());
    }
  }

  private static List<String> iterable(java.util.Iterator<String> it) {
    List<String> l = new ArrayList<>();
    it.forEachRemaining(l::add);
    return l;
  }
}
