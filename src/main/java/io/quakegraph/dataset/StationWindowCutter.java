package io.quakegraph.dataset;

import io.quakegraph.seismic.Channel;
import io.quakegraph.seismic.FilledTrace;
import io.quakegraph.seismic.GapFill;
import io.quakegraph.seismic.Gaps;
import io.quakegraph.seismic.InstrumentCorrection;
import io.quakegraph.seismic.Resampler;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Trace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The waveform conditioning of the model input, in one place: the dataset builder, the synthetic
 * sample source and the streaming job all turn raw counts into model input here.
 *
 * <p>For one station and one window {@code [start, start + T / rate)}:
 *
 * <ol>
 *   <li>choose the sensor ({@link ChannelSetSelector}: complete sets first, then unclipped ones,
 *       then {@code HH > BH > EH > HN > HL}) among the channels that have data and a metadata epoch
 *       with a sensitivity; a broadband clipped in the window gives way to its co-located
 *       accelerometer;
 *   <li>per channel and per contiguous segment: counts to ground velocity in m/s ({@link
 *       InstrumentCorrection}, accelerometers integrated after a high-pass), using data from up to
 *       {@link ModelInputSpec#conditioningPadS()} before the window so the causal filters have
 *       settled by the window start;
 *   <li>resample each segment to the model rate onto the grid of the window start ({@link
 *       Resampler}, band-limited), so sample times are exact whatever the record timing;
 *   <li>lay the segments on the model grid ({@link Gaps#fill}); gaps up to {@link
 *       ModelInputSpec#maxGapFillS()} between data are interpolated and count as observed,
 *       everything else not recorded is zero and unobserved;
 *   <li>rotate to vertical, north, east ({@link ZneRotation}) with the metadata azimuths and dips.
 * </ol>
 *
 * Stateless and thread-safe.
 */
public final class StationWindowCutter {
  /** Data used past the window end, so the last window samples are interpolated, not edges. */
  static final long END_MARGIN_MICROS = 1_000_000L;

  private final ModelInputSpec spec;
  private final ChannelSetSelector selector;

  public StationWindowCutter(ModelInputSpec spec) {
    this.spec = spec;
    this.selector = new ChannelSetSelector(spec.sampleRate());
  }

  /** What happened to one station. */
  public sealed interface Outcome permits Cut, Skipped {}

  /**
   * The station's model input.
   *
   * @param waveform the conditioned three components
   * @param notes channels that could not be used, with reasons (the station is still usable)
   */
  public record Cut(StationWaveform waveform, List<String> notes) implements Outcome {}

  /**
   * The station gives no model input.
   *
   * @param reason a short fixed category, for counting
   * @param detail station, channels and why
   */
  public record Skipped(String reason, String detail) implements Outcome {}

  /** The model input this cutter produces. */
  public ModelInputSpec spec() {
    return spec;
  }

  /** The earliest time whose data the cutter uses for a window starting at {@code start}. */
  public long dataStart(long windowStartMicros) {
    return windowStartMicros - spec.padMicros();
  }

  /** End (exclusive) of the data the cutter uses for a window starting at {@code start}. */
  public long dataEnd(long windowStartMicros) {
    return spec.windowEnd(windowStartMicros) + END_MARGIN_MICROS;
  }

  /**
   * How far past the window's end a channel at {@code channelRate} Hz feeds it: the resampler's
   * reach to the model rate ({@link Resampler#reachSeconds}), at most the second the cutter may
   * use. Data beyond it change the window only by rounding (the demean of the counts spans the
   * segment).
   */
  public long endMarginMicros(double channelRate) {
    return endMarginMicros(channelRate, spec.sampleRate());
  }

  private static long endMarginMicros(double channelRate, double modelRate) {
    return Math.min(
        END_MARGIN_MICROS, (long) Math.ceil(Resampler.reachSeconds(channelRate, modelRate) * 1e6));
  }

  /**
   * How far past a stream's step t a channel at {@code channelRate} Hz must have delivered data
   * before the window ending at t can be cut: the window ends one model sample after t and takes
   * the channel's data to its {@link #endMarginMicros end margin} past that.
   */
  public static long dataPastStepMicros(double channelRate, double modelRate) {
    return Math.round(1e6 / modelRate) + endMarginMicros(channelRate, modelRate);
  }

  /**
   * The segments cut at each channel's {@link #endMarginMicros end margin} past the window that
   * starts at {@code windowStartMicros}: what a stream passes to {@link #cut} so that its window is
   * the same, bit for bit, whether it cuts as soon as the data reach that far, later with more
   * data, or after a restore.
   */
  public Map<SourceId, List<Trace>> withinEndMargin(
      Map<SourceId, List<Trace>> countSegments, long windowStartMicros) {
    long end = spec.windowEnd(windowStartMicros);
    Map<SourceId, List<Trace>> out = new HashMap<>();
    for (Map.Entry<SourceId, List<Trace>> e : countSegments.entrySet()) {
      List<Trace> kept = new ArrayList<>();
      for (Trace seg : e.getValue()) {
        Trace part = trim(seg, seg.startMicros(), end + endMarginMicros(seg.sampleRate()));
        if (part != null) {
          kept.add(part);
        }
      }
      out.put(e.getKey(), kept);
    }
    return out;
  }

  /**
   * Conditions one station's window.
   *
   * @param station the station and its channel epochs (the inventory)
   * @param countSegments contiguous raw-count segments per channel, covering (part of) {@code
   *     [dataStart, dataEnd)}
   * @param windowStartMicros sample 0 of the model grid
   */
  public Outcome cut(
      Station station, Map<SourceId, List<Trace>> countSegments, long windowStartMicros) {
    long end = spec.windowEnd(windowStartMicros);
    List<String> notes = new ArrayList<>();
    List<SourceId> usable = new ArrayList<>();
    for (var e : countSegments.entrySet()) {
      SourceId id = e.getKey();
      if (e.getValue().isEmpty()) {
        continue;
      }
      Optional<Channel> meta =
          station.channelsAt(windowStartMicros).stream().filter(c -> c.id().equals(id)).findFirst();
      if (meta.isEmpty()) {
        notes.add(id + ": no metadata epoch at the window start");
      } else if (meta.get().sensitivity().isEmpty()) {
        notes.add(id + ": no instrument sensitivity");
      } else {
        usable.add(id);
      }
    }
    java.util.Set<SourceId> clipped = new java.util.HashSet<>();
    for (SourceId id : usable) {
      if (Clipping.clipped(countSegments.get(id), dataStart(windowStartMicros), end)) {
        clipped.add(id);
      }
    }
    Optional<ChannelSet> chosen = selector.select(station, usable, windowStartMicros, clipped);
    if (chosen.isEmpty()) {
      String reason =
          countSegments.isEmpty()
              ? "no data in window"
              : usable.isEmpty()
                  ? "no channel with metadata and sensitivity"
                  : "no usable channel set";
      return new Skipped(reason, station.id() + ": " + (notes.isEmpty() ? reason : notes));
    }
    ChannelSet set = chosen.get();
    int t = spec.samples();
    List<Channel> channels = new ArrayList<>();
    List<double[]> data = new ArrayList<>();
    List<boolean[]> observed = new ArrayList<>();
    for (Channel c : set.channels()) {
      try {
        FilledTrace f = condition(c, countSegments.get(c.id()), windowStartMicros, end);
        channels.add(c);
        data.add(f.trace().samples());
        observed.add(f.observed());
      } catch (IllegalArgumentException e) {
        notes.add(c.id() + ": " + e.getMessage());
      }
    }
    if (channels.isEmpty()) {
      return new Skipped("instrument correction failed", station.id() + ": " + notes);
    }
    ZneRotation.Components zne =
        ZneRotation.toZne(
            channels, data.toArray(double[][]::new), observed.toArray(boolean[][]::new));
    notes.addAll(zne.notes());
    float[][] velocity = new float[3][t];
    long observedCount = 0;
    for (int c = 0; c < 3; c++) {
      for (int s = 0; s < t; s++) {
        velocity[c][s] = (float) zne.zne()[c][s];
        if (zne.observed()[c][s]) {
          observedCount++;
        }
      }
    }
    if (observedCount == 0) {
      return new Skipped("no data in window", station.id() + " " + set.label() + ": " + notes);
    }
    String used = set.label() + (zne.rotated() ? " rotated" : "");
    StationWaveform w =
        new StationWaveform(
            station.id(),
            station.latitude(),
            station.longitude(),
            station.elevationM(),
            used,
            velocity,
            zne.observed(),
            zne.present(),
            (float) (observedCount / (3.0 * t)));
    return new Cut(w, List.copyOf(notes));
  }

  /**
   * One channel's velocity on the model grid with its observed mask.
   *
   * @throws IllegalArgumentException when the counts cannot be converted
   */
  FilledTrace condition(Channel channel, List<Trace> counts, long start, long end) {
    long from = dataStart(start);
    int t = spec.samples();
    // The grid end is derived from T, not from rounding times, so every channel gets exactly T.
    long gridEnd = start + Math.round(t * 1e6 / spec.sampleRate());
    List<Trace> resampled = new ArrayList<>();
    for (Trace seg : counts) {
      // A second of data past the window end keeps the resampler's edge handling out of it.
      Trace part = trim(seg, from, end + END_MARGIN_MICROS);
      if (part == null) {
        continue;
      }
      Trace velocity = InstrumentCorrection.toVelocity(part, channel);
      // Resampling onto the window's own grid keeps sub-sample timing (and relative arrivals).
      // The pad before the window only lets the filters settle: it is not resampled.
      Trace r = Resampler.resample(velocity, spec.sampleRate(), start, start, gridEnd);
      if (r.size() > 0) {
        resampled.add(r);
      }
    }
    if (resampled.isEmpty()) {
      return new FilledTrace(
          new Trace(channel.id(), start, spec.sampleRate(), new double[t]), new boolean[t]);
    }
    FilledTrace f =
        Gaps.fill(resampled, start, gridEnd, spec.sampleRate(), GapFill.LINEAR, spec.maxGapFillS());
    double[] x = f.trace().samples();
    boolean[] m = f.observed();
    if (x.length != t) {
      throw new IllegalStateException(
          channel.id() + ": grid of " + x.length + " samples, expected " + t);
    }
    markShortGapsObserved(x, m, (int) Math.floor(spec.maxGapFillS() * spec.sampleRate()));
    return new FilledTrace(f.trace(), m);
  }

  /**
   * Interpolated gaps no longer than {@code maxRun} samples with data on both sides count as
   * observed; every other unrecorded sample is set to zero (and stays unobserved).
   */
  static void markShortGapsObserved(double[] x, boolean[] observed, int maxRun) {
    int n = x.length;
    int i = 0;
    while (i < n) {
      if (observed[i]) {
        i++;
        continue;
      }
      int a = i;
      while (i < n && !observed[i]) {
        i++;
      }
      boolean bridged = a > 0 && i < n && i - a <= maxRun;
      for (int k = a; k < i; k++) {
        if (bridged) {
          observed[k] = true;
        } else {
          x[k] = 0;
        }
      }
    }
  }

  /** The part of {@code t} in {@code [from, to)}, whole samples; null when nothing is inside. */
  static Trace trim(Trace t, long from, long to) {
    long first =
        Math.max(0, (long) Math.ceil((from - t.startMicros()) * t.sampleRate() / 1e6 - 1e-9));
    long last =
        Math.min(t.size(), (long) Math.ceil((to - t.startMicros()) * t.sampleRate() / 1e6 - 1e-9));
    if (first >= last) {
      return null;
    }
    if (first == 0 && last == t.size()) {
      return t;
    }
    double[] s = java.util.Arrays.copyOfRange(t.samples(), (int) first, (int) last);
    return new Trace(t.id(), t.timeOf((int) first), t.sampleRate(), s);
  }
}
