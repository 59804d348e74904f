package io.quakegraph.seismic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles miniSEED records into continuous traces.
 *
 * <p>Records are grouped by channel and sorted by start time. A record joins the trace before it
 * when its start lies within half a sample of where that trace ends and the sample rates agree
 * (relative difference below 1e-4, libmseed's tolerance); otherwise a new trace starts, so the
 * result has one trace per contiguous segment, split at every gap and overlap. A record that
 * repeats another exactly (same channel, start and samples) is dropped and counted. Text records,
 * records without samples and records with sample rate 0 carry no waveform and are left out.
 */
public final class Traces {
  private static final double RATE_TOLERANCE = 1e-4;

  private Traces() {}

  /**
   * The outcome of an assembly.
   *
   * @param traces contiguous traces, ordered by channel then start time
   * @param duplicates records dropped because an identical record was already used
   * @param overlaps places where a record started before the previous one of its channel ended
   * @param gaps places where a record started more than half a sample after the previous end
   */
  public record AssembleResult(List<Trace> traces, int duplicates, int overlaps, int gaps) {
    public AssembleResult {
      traces = List.copyOf(traces);
    }
  }

  /** Contiguous traces from the records (see the class description). */
  public static List<Trace> assemble(Collection<MiniSeedRecord> records) {
    return assembleWithCounts(records).traces();
  }

  /** Like {@link #assemble} but also reports duplicates, overlaps and gaps. */
  public static AssembleResult assembleWithCounts(Collection<MiniSeedRecord> records) {
    Map<SourceId, List<MiniSeedRecord>> byChannel = new LinkedHashMap<>();
    for (MiniSeedRecord r : records) {
      if (r.hasWaveform()) {
        byChannel.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r);
      }
    }
    List<SourceId> ids = new ArrayList<>(byChannel.keySet());
    ids.sort(Comparator.comparing(SourceId::toString));
    List<Trace> traces = new ArrayList<>();
    int duplicates = 0;
    int overlaps = 0;
    int gaps = 0;
    for (SourceId id : ids) {
      List<MiniSeedRecord> list = byChannel.get(id);
      list.sort(Comparator.comparingLong(MiniSeedRecord::startMicros));
      Map<Long, List<double[]>> seenAtStart = new HashMap<>();
      Segment seg = null;
      for (MiniSeedRecord r : list) {
        double[] samples = r.samples();
        List<double[]> same = seenAtStart.computeIfAbsent(r.startMicros(), k -> new ArrayList<>());
        if (same.stream().anyMatch(s -> Arrays.equals(s, samples))) {
          duplicates++;
          continue;
        }
        same.add(samples);
        if (seg != null) {
          double halfSample = 0.5e6 / seg.rate;
          double misfit = r.startMicros() - seg.endMicros();
          boolean sameRate = Math.abs(1 - r.sampleRate() / seg.rate) < RATE_TOLERANCE;
          if (sameRate && Math.abs(misfit) <= halfSample) {
            seg.add(samples);
            continue;
          }
          if (misfit < -halfSample) {
            overlaps++;
          } else if (misfit > halfSample) {
            gaps++;
          }
          traces.add(seg.toTrace());
        }
        seg = new Segment(id, r.startMicros(), r.sampleRate());
        seg.add(samples);
      }
      if (seg != null) {
        traces.add(seg.toTrace());
      }
    }
    return new AssembleResult(traces, duplicates, overlaps, gaps);
  }

  /** A trace under construction. */
  private static final class Segment {
    final SourceId id;
    final long start;
    final double rate;
    double[] data = new double[1024];
    int size;

    Segment(SourceId id, long start, double rate) {
      this.id = id;
      this.start = start;
      this.rate = rate;
    }

    long endMicros() {
      return start + Math.round(size * 1e6 / rate);
    }

    void add(double[] samples) {
      if (size + samples.length > data.length) {
        data = Arrays.copyOf(data, Math.max(data.length * 2, size + samples.length));
      }
      System.arraycopy(samples, 0, data, size, samples.length);
      size += samples.length;
    }

    Trace toTrace() {
      return new Trace(id, start, rate, Arrays.copyOf(data, size));
    }
  }
}
