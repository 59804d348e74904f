package io.quakegraph.bench;

import io.quakegraph.model.Estimate;
import io.quakegraph.model.classical.Arrival;
import io.quakegraph.model.classical.GridSearchLocator;
import io.quakegraph.model.classical.Hypocentre;
import io.quakegraph.model.classical.SearchRegion;
import io.quakegraph.model.fusion.SourceFusion;
import io.quakegraph.seismic.Geodesy;
import io.quakegraph.seismic.TravelTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one fused estimate ({@link SourceFusion}) per step, and of the classical grid search
 * ({@link GridSearchLocator}) on the same onsets, in ms: {@code stations} stations scattered over
 * the synthetic network's frame, a source at its centre, onsets (with 0.05 s of seeded noise) at
 * the {@code picks} stations nearest to it, every other station live and quiet, and a prior 20 km
 * off with a 15 km σ. The search's work grows with the onsets (every node evaluates each) and the
 * quiet stations (distances at every column).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FusionBenchmark {
  @Param({"185"})
  public int stations;

  @Param({"40"})
  public int picks;

  private SourceFusion fusion;
  private Estimate prior;
  private List<Arrival> onsets;
  private List<SourceFusion.Site> quiet;
  private double cutS;
  private GridSearchLocator locator;

  @Setup
  public void setup() {
    var frame = ModelBenchmark.FRAME;
    double lat0 = 34.25;
    double lon0 = -117.75;
    TravelTimes tt = TravelTimes.hadleyKanamori();
    SplittableRandom r = new SplittableRandom(11);
    List<double[]> st = new ArrayList<>();
    for (int i = 0; i < stations; i++) {
      double lat = frame.minLat() + r.nextDouble() * (frame.maxLat() - frame.minLat());
      double lon = frame.minLon() + r.nextDouble() * (frame.maxLon() - frame.minLon());
      double km = Geodesy.epicentralKm(lat0, lon0, lat, lon);
      st.add(new double[] {lat, lon, km});
    }
    st.sort((a, b) -> Double.compare(a[2], b[2]));
    onsets = new ArrayList<>();
    quiet = new ArrayList<>();
    double last = 0;
    for (int i = 0; i < st.size(); i++) {
      double[] s = st.get(i);
      if (i < picks) {
        double t = tt.pSeconds(s[2], 10) + 0.05 * r.nextGaussian();
        onsets.add(new Arrival("XX.S" + i, s[0], s[1], t));
        last = Math.max(last, t);
      } else {
        quiet.add(new SourceFusion.Site(s[0], s[1]));
      }
    }
    cutS = last + 0.5;
    prior =
        new Estimate(lat0 + 20 / Geodesy.KM_PER_DEGREE, lon0, 12, 4, 1_500_000, 15, 15, 6, 0.3, 2);
    fusion = SourceFusion.defaults();
    locator =
        new GridSearchLocator(
            tt,
            new SearchRegion(frame.minLat(), frame.maxLat(), frame.minLon(), frame.maxLon()),
            GridSearchLocator.Settings.defaults());
  }

  @Benchmark
  public Estimate fusion() {
    return fusion.fuse(prior, 0, cutS, onsets, quiet);
  }

  /** The classical grid search alone (no prior) on the same onsets. */
  @Benchmark
  public Optional<Hypocentre> gridSearch() {
    return locator.locate(onsets);
  }
}
