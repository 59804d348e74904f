package io.quakegraph.model.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quakegraph.model.Estimate;
import io.quakegraph.model.classical.Arrival;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.TravelTimes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SourceFusion} reproduces the outputs it gave before its inner loops were optimised (issue
 * 10), on 200 seeded scenarios: hypocentres across southern California, 1-80 onsets in the 1-D
 * model with picking noise, outliers and a few S taken for P, the other live stations quiet, priors
 * from sharp to flat. The expected values in {@code source-fusion-regression.csv} were recorded by
 * {@link #main} with the code before that work; a speed-up may change only floating-point noise.
 */
class SourceFusionRegressionTest {
  static final String RESOURCE = "source-fusion-regression.csv";
  static final int SCENARIOS = 200;
  private static final long REF = 1_700_000_000_000_000L;

  private static final double DEG_TOL = 1e-6;
  private static final double KM_TOL = 1e-4;
  private static final double S_TOL = 1e-5;

  /** One fusion call's inputs. */
  record Scenario(
      Estimate prior, double cutS, List<Arrival> picks, List<SourceFusion.Site> quiet) {}

  /** Scenario {@code k}: a function of its index only, so the list can grow or shrink. */
  static Scenario scenario(TravelTimes tt, List<double[]> network, int k) {
    SplittableRandom r = new SplittableRandom(7919L * (k + 1));
    double lat = 32.7 + 3.2 * r.nextDouble();
    double lon = -120.0 + 4.6 * r.nextDouble();
    double depth = 25 * r.nextDouble();
    double origin = 10 + 20 * r.nextDouble();
    int nPicks = r.nextInt(10) == 0 ? 1 + r.nextInt(3) : 4 + r.nextInt(77);
    double noise = 0.03 + 0.2 * r.nextDouble();

    List<double[]> byDistance = new ArrayList<>();
    for (double[] s : network) {
      byDistance.add(new double[] {s[0], s[1], Geodesy.epicentralKm(lat, lon, s[0], s[1])});
    }
    byDistance.sort((a, b) -> Double.compare(a[2], b[2]));
    List<Arrival> picks = new ArrayList<>();
    List<SourceFusion.Site> quiet = new ArrayList<>();
    double last = origin;
    for (int i = 0; i < byDistance.size(); i++) {
      double[] s = byDistance.get(i);
      if (i < nPicks) {
        double u = r.nextDouble();
        double t;
        if (u < 0.05) {
          t = origin + tt.sSeconds(s[2], depth); // its P missed, the S taken for it
        } else if (u < 0.12) {
          t =
              origin
                  + tt.pSeconds(s[2], depth)
                  + (r.nextBoolean() ? 1 : -1) * (1 + 4 * r.nextDouble());
        } else {
          t = origin + tt.pSeconds(s[2], depth) + noise * r.nextGaussian();
        }
        picks.add(new Arrival("XX.S" + i, s[0], s[1], t));
        last = Math.max(last, t);
      } else if (r.nextDouble() < 0.9) {
        quiet.add(new SourceFusion.Site(s[0], s[1]));
      }
    }
    double cut = last + 0.2 + 3 * r.nextDouble();

    double[] sigmas = {3, 8, 15, 30, 60};
    double sigmaKm = sigmas[r.nextInt(sigmas.length)];
    double dn = sigmaKm * r.nextGaussian();
    double de = sigmaKm * r.nextGaussian();
    double priorLat = lat + dn / Geodesy.KM_PER_DEGREE;
    double priorLon = lon + de / (Geodesy.KM_PER_DEGREE * Math.cos(Math.toRadians(lat)));
    double priorDepth = Math.max(0, depth + 5 * r.nextGaussian());
    double sigmaDepth = 2 + 8 * r.nextDouble();
    double sigmaOrigin = 0.5 + 2.5 * r.nextDouble();
    double priorOrigin = origin + sigmaOrigin * r.nextGaussian();
    int kind = r.nextInt(20);
    if (kind == 0) {
      priorLat = Double.NaN; // no prior
      priorLon = Double.NaN;
    } else if (kind == 1) {
      sigmaDepth = Double.NaN; // flat in depth
    } else if (kind == 2) {
      priorDepth = Double.NaN;
    }
    Estimate prior =
        new Estimate(
            priorLat,
            priorLon,
            priorDepth,
            4.0,
            REF + Math.round(priorOrigin * 1e6),
            sigmaKm,
            sigmaKm * (0.7 + 0.6 * r.nextDouble()),
            sigmaDepth,
            0.3,
            sigmaOrigin);
    return new Scenario(prior, cut, picks, quiet);
  }

  /** 185 stations scattered over the synthetic network's frame. */
  static List<double[]> network() {
    SplittableRandom r = new SplittableRandom(185);
    List<double[]> out = new ArrayList<>();
    for (int i = 0; i < 185; i++) {
      out.add(new double[] {32.0 + 4.5 * r.nextDouble(), -121.0 + 6.5 * r.nextDouble()});
    }
    return out;
  }

  static List<Estimate> run() {
    TravelTimes tt = TravelTimes.hadleyKanamori();
    List<double[]> network = network();
    SourceFusion fusion = SourceFusion.defaults();
    List<Estimate> out = new ArrayList<>();
    for (int k = 0; k < SCENARIOS; k++) {
      Scenario s = scenario(tt, network, k);
      out.add(fusion.fuse(s.prior(), REF, s.cutS(), s.picks(), s.quiet()));
    }
    return out;
  }

  @Test
  void reproducesTheRecordedOutputs() throws IOException {
    List<String> lines;
    try (InputStream in = getClass().getResourceAsStream(RESOURCE)) {
      lines =
          new String(in.readAllBytes(), StandardCharsets.UTF_8)
              .lines()
              .filter(l -> !l.startsWith("#") && !l.startsWith("k,"))
              .toList();
    }
    assertEquals(SCENARIOS, lines.size());
    List<Estimate> got = run();
    for (int k = 0; k < SCENARIOS; k++) {
      String[] f = lines.get(k).split(",");
      Estimate e = got.get(k);
      String where = "scenario " + k;
      assertEquals(Double.parseDouble(f[1]), e.latitude(), DEG_TOL, where + " latitude");
      assertEquals(Double.parseDouble(f[2]), e.longitude(), DEG_TOL, where + " longitude");
      assertEquals(Double.parseDouble(f[3]), e.depthKm(), KM_TOL, where + " depth");
      assertEquals(Long.parseLong(f[4]), e.originMicros(), S_TOL * 1e6, where + " origin");
      assertEquals(Double.parseDouble(f[5]), e.sigmaLatKm(), KM_TOL, where + " σ north");
      assertEquals(Double.parseDouble(f[6]), e.sigmaLonKm(), KM_TOL, where + " σ east");
      assertEquals(Double.parseDouble(f[7]), e.sigmaDepthKm(), KM_TOL, where + " σ depth");
      assertEquals(Double.parseDouble(f[8]), e.sigmaOriginS(), S_TOL, where + " σ origin");
    }
  }

  /** Records the expected outputs: {@code main <file>} (run only when the method may change). */
  public static void main(String[] args) throws IOException {
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(args[0])))) {
      w.println("# SourceFusion.defaults() on SourceFusionRegressionTest's scenarios");
      w.println("k,lat,lon,depth_km,origin_us,sigma_n_km,sigma_e_km,sigma_z_km,sigma_t_s");
      List<Estimate> got = run();
      for (int k = 0; k < got.size(); k++) {
        Estimate e = got.get(k);
        w.println(
            String.format(
                Locale.ROOT,
                "%d,%s,%s,%s,%d,%s,%s,%s,%s",
                k,
                e.latitude(),
                e.longitude(),
                e.depthKm(),
                e.originMicros(),
                e.sigmaLatKm(),
                e.sigmaLonKm(),
                e.sigmaDepthKm(),
                e.sigmaOriginS()));
      }
    }
  }
}
