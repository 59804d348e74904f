package io.quakegraph.synth;

import io.quakegraph.seismic.Channel;
import io.quakegraph.seismic.InstrumentCorrection;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.Resampler;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.seismic.Trace;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real background noise: continuous day files of real stations ({@code ../shared/data/continuous},
 * SCEDC day-file names {@code NETSTA__CHA___YYYYDDD.ms} with a StationXML {@code NET_STA.xml}
 * beside them), converted to ground velocity with their sensitivity, that replace the synthetic
 * noise of the same stations in the real-world simulator.
 *
 * <p>A record at time t takes the real day at the same time of day (UTC), so the day-night cycle is
 * the real one. Only one component of each station is held; the three components use the same day
 * from offsets {@value #COMPONENT_OFFSET_S} s apart (stretches of noise that far apart are
 * independent realisations of the same station's noise). Channels sampled below {@value
 * #MIN_RATE_HZ} Hz are not used (they lack the band of early-warning records), and above the
 * recording's Nyquist frequency (20 Hz for the 40 Hz BH channels here) the recorded noise holds
 * nothing: the simulator's own noise is not added there, so these stations are quieter above 20 Hz
 * than the real ones.
 */
final class RecordedNoise {
  private static final Logger LOG = LoggerFactory.getLogger(RecordedNoise.class);
  static final double MIN_RATE_HZ = 20;
  static final double COMPONENT_OFFSET_S = 1200;
  private static final long DAY_MICROS = 86_400_000_000L;

  private static volatile RecordedNoise shared;

  /** Per station id: one day of ground velocity (m/s), float, at its own rate, gaps zero. */
  private final Map<String, Day> days;

  private record Day(SourceId channel, long dayStartMicros, double rate, float[] velocity) {}

  private RecordedNoise(Map<String, Day> days) {
    this.days = Map.copyOf(days);
  }

  /** No recorded noise. */
  static RecordedNoise none() {
    return new RecordedNoise(Map.of());
  }

  /**
   * The project's continuous data ({@code <quakegraph.shared or ../shared>/data/continuous}),
   * loaded once; none when absent.
   */
  static RecordedNoise shared() {
    RecordedNoise r = shared;
    if (r == null) {
      synchronized (RecordedNoise.class) {
        r = shared;
        if (r == null) {
          String prop = System.getProperty("quakegraph.shared");
          Path dir = Path.of(prop != null ? prop : "../shared", "data", "continuous");
          r = Files.isDirectory(dir) ? load(dir) : none();
          shared = r;
        }
      }
    }
    return r;
  }

  /** Loads every usable day file of {@code dir}; unreadable files are logged and skipped. */
  static RecordedNoise load(Path dir) {
    Map<String, Day> days = new HashMap<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.ms")) {
      for (Path f : files) {
        try {
          Optional<Day> d = day(dir, f);
          d.ifPresent(x -> days.merge(x.channel().stationId(), x, (a, b) -> a));
        } catch (IOException | RuntimeException e) {
          LOG.warn("recorded noise: skipping {}: {}", f, e.toString());
        }
      }
    } catch (IOException e) {
      LOG.warn("recorded noise: cannot list {}: {}", dir, e.toString());
    }
    if (!days.isEmpty()) {
      LOG.info("recorded noise from {} for {}", dir, days.keySet());
    }
    return new RecordedNoise(days);
  }

  private static Optional<Day> day(Path dir, Path file) throws IOException {
    List<Trace> traces = new java.util.ArrayList<>(MiniSeed.readTraces(file));
    if (traces.isEmpty() || traces.get(0).sampleRate() < MIN_RATE_HZ) {
      return Optional.empty();
    }
    SourceId id = traces.get(0).id();
    Path xml = dir.resolve(id.network() + "_" + id.station() + ".xml");
    if (!Files.isRegularFile(xml)) {
      return Optional.empty();
    }
    Inventory inv = StationXml.read(xml);
    double rate = traces.get(0).sampleRate();
    long first = traces.stream().mapToLong(Trace::startMicros).min().orElseThrow();
    long dayStart = Math.floorDiv(first, DAY_MICROS) * DAY_MICROS;
    float[] v = new float[(int) Math.round(86_400 * rate)];
    traces.sort(Comparator.comparingLong(Trace::startMicros));
    for (Trace t : traces) {
      if (!t.id().equals(id) || t.sampleRate() != rate) {
        continue;
      }
      Optional<Channel> ch = inv.channel(id, t.startMicros());
      if (ch.isEmpty()) {
        continue;
      }
      Trace vel = InstrumentCorrection.toVelocity(t, ch.get());
      double[] x = vel.samples();
      double mean = 0;
      for (double s : x) {
        mean += s;
      }
      mean /= Math.max(1, x.length);
      long offset = Math.round((t.startMicros() - dayStart) * rate / 1e6);
      for (int i = 0; i < x.length; i++) {
        long j = offset + i;
        if (j >= 0 && j < v.length) {
          v[(int) j] = (float) (x[i] - mean);
        }
      }
    }
    return Optional.of(new Day(id, dayStart, rate, v));
  }

  /** Whether the station has recorded noise. */
  boolean has(String stationId) {
    return days.containsKey(stationId);
  }

  /** Stations with recorded noise. */
  java.util.Set<String> stations() {
    return days.keySet();
  }

  /**
   * {@code n} samples at {@code rate} of component {@code k}'s recorded noise from {@code
   * startMicros} (by time of day), resampled from the recording's rate; null when the station has
   * none.
   */
  double[] segment(String stationId, int k, long startMicros, int n, double rate) {
    Day d = days.get(stationId);
    if (d == null) {
      return null;
    }
    long tod = Math.floorMod(startMicros + Math.round(k * COMPONENT_OFFSET_S * 1e6), DAY_MICROS);
    // A margin either side feeds the resampling kernel.
    int margin = Resampler.ZERO_CROSSINGS + 2;
    int m = (int) Math.ceil(n * d.rate() / rate) + 2 * margin;
    long i0 = (long) Math.floor(tod * d.rate() / 1e6) - margin;
    double[] x = new double[m];
    int len = d.velocity().length;
    for (int i = 0; i < m; i++) {
      x[i] = d.velocity()[(int) Math.floorMod(i0 + i, (long) len)];
    }
    long segStart = startMicros - Math.round((tod - i0 * 1e6 / d.rate()));
    Trace t = new Trace(d.channel(), segStart, d.rate(), x);
    long end = startMicros + Math.round(n * 1e6 / rate);
    Trace r = Resampler.resample(t, rate, startMicros, startMicros, end);
    double[] out = new double[n];
    long shift = Math.round((r.startMicros() - startMicros) * rate / 1e6);
    double[] s = r.samples();
    for (int i = 0; i < n; i++) {
      long j = i - shift;
      if (j >= 0 && j < s.length) {
        out[i] = s[(int) j];
      }
    }
    return out;
  }
}
