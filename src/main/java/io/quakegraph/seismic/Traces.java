package io.quakegraph.seismic;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
    List<RecordSamples> pieces = new ArrayList<>(records.size());
    for (MiniSeedRecord r : records) {
      if (r.hasWaveform()) {
        pieces.add(RecordSamples.of(r));
      }
    }
    return join(pieces);
  }

  /**
   * Contiguous traces from records decoded earlier, by the rules of {@link #assemble} (the class
   * description), for a caller that assembles the same records again and again: the stream's
   * station stage holds a station's last ~80 s and assembles them at every step, decoding only the
   * records new since the previous one.
   */
  public static AssembleResult join(Collection<RecordSamples> pieces) {
    Map<SourceId, List<RecordSamples>> byChannel = new LinkedHashMap<>();
    for (RecordSamples r : pieces) {
      byChannel.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r);
    }
    List<SourceId> ids = new ArrayList<>(byChannel.keySet());
    ids.sort(Comparator.comparing(SourceId::toString));
    List<Trace> traces = new ArrayList<>();
    int duplicates = 0;
    int overlaps = 0;
    int gaps = 0;
    for (SourceId id : ids) {
      List<RecordSamples> list = byChannel.get(id);
      list.sort(Comparator.comparingLong(RecordSamples::startMicros));
      // sorted by start, so the records sharing a start are neighbours: a repeat can only be of
      // one of those kept since the start last changed
      List<RecordSamples> sameStart = new ArrayList<>();
      Segment seg = null;
      for (RecordSamples r : list) {
        if (!sameStart.isEmpty() && sameStart.get(0).startMicros() != r.startMicros()) {
          sameStart.clear();
        }
        if (sameStart.stream().anyMatch(s -> s.sameSamples(r))) {
          duplicates++;
          continue;
        }
        sameStart.add(r);
        if (seg != null) {
          double halfSample = 0.5e6 / seg.rate;
          double misfit = r.startMicros() - seg.endMicros();
          boolean sameRate = Math.abs(1 - r.sampleRate() / seg.rate) < RATE_TOLERANCE;
          if (sameRate && Math.abs(misfit) <= halfSample) {
            seg.add(r);
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
        seg.add(r);
      }
      if (seg != null) {
        traces.add(seg.toTrace());
      }
    }
    return new AssembleResult(traces, duplicates, overlaps, gaps);
  }

  /**
   * A trace under construction: its records, copied once into an array of the final size when it is
   * complete (growing an array record by record copied each sample several times, and the assembly
   * runs at every step of every station in the stream).
   */
  private static final class Segment {
    final SourceId id;
    final long start;
    final double rate;
    final List<RecordSamples> parts = new ArrayList<>();
    int size;

    Segment(SourceId id, long start, double rate) {
      this.id = id;
      this.start = start;
      this.rate = rate;
    }

    long endMicros() {
      return start + Math.round(size * 1e6 / rate);
    }

    void add(RecordSamples samples) {
      parts.add(samples);
      size += samples.size();
    }

    Trace toTrace() {
      double[] data = new double[size];
      int at = 0;
      for (RecordSamples p : parts) {
        p.copyTo(data, at);
        at += p.size();
      }
      return new Trace(id, start, rate, data);
    }
  }
}
