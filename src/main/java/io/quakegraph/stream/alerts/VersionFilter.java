package io.quakegraph.stream.alerts;

import io.quakegraph.ingest.AvroCodec;
import io.quakegraph.schema.EarthquakeAlert;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drops alert versions already seen: the consumer half of the job's delivery contract. The job
 * sends each version the moment it is computed, and a restart from a checkpoint sends the versions
 * after that checkpoint again; event ids and versions are a function of the input, so a repeat is
 * the same estimate again, and dropping {@code (eventId, version)} pairs already seen leaves every
 * version exactly once.
 *
 * <p>What "the same" means: every field but {@code issueTime} and {@code latencyMs}, which say when
 * the job issued the record and are wall-clock readings by design ({@link #sameEstimate}). A repeat
 * that differs in any other field is still dropped (the first one is what the consumer acted on)
 * but reported as {@link Verdict#CHANGED_REPEAT}, because it means the job was not deterministic.
 *
 * <p>Remembers the {@value #MAX_EVENTS} most recently alerted events (a few bytes per version), far
 * more than a network has events within a restart's reach. Not thread-safe.
 */
public final class VersionFilter {
  /** Events remembered; the least recently updated one is forgotten first. */
  static final int MAX_EVENTS = 10_000;

  /** What a version is to this filter. */
  public enum Verdict {
    /** Not seen before: deliver it. */
    NEW,
    /** Seen before, with the same estimate: drop it. */
    REPEAT,
    /** Seen before with another estimate: drop it, and report the job's non-determinism. */
    CHANGED_REPEAT
  }

  private final AvroCodec<EarthquakeAlert> codec = AvroCodec.of(EarthquakeAlert.class);
  private final Map<String, Map<Integer, Long>> seen =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<Integer, Long>> eldest) {
          return size() > MAX_EVENTS;
        }
      };
  private long repeats;
  private long changed;

  /** Records {@code a} and says whether it is new. */
  public Verdict offer(EarthquakeAlert a) {
    Map<Integer, Long> versions =
        seen.computeIfAbsent(a.getEventId().toString(), k -> new HashMap<>());
    long print = fingerprint(a);
    Long before = versions.putIfAbsent(a.getVersion(), print);
    if (before == null) {
      return Verdict.NEW;
    }
    repeats++;
    if (before != print) {
      changed++;
      return Verdict.CHANGED_REPEAT;
    }
    return Verdict.REPEAT;
  }

  /** Versions dropped so far (changed ones included). */
  public long repeats() {
    return repeats;
  }

  /** Dropped versions whose estimate differed from the first one seen. */
  public long changedRepeats() {
    return changed;
  }

  /** Whether two alerts are the same estimate: equal in every field but the wall-clock ones. */
  public static boolean sameEstimate(EarthquakeAlert a, EarthquakeAlert b) {
    return withoutWallClock(a).equals(withoutWallClock(b));
  }

  /** A copy with {@code issueTime} and {@code latencyMs} zeroed. */
  public static EarthquakeAlert withoutWallClock(EarthquakeAlert a) {
    return EarthquakeAlert.newBuilder(a).setIssueTime(Instant.EPOCH).setLatencyMs(0L).build();
  }

  /** 64-bit FNV-1a of the record without its wall-clock fields, in the topic's encoding. */
  private long fingerprint(EarthquakeAlert a) {
    long h = 0xcbf29ce484222325L;
    for (byte x : codec.encode(withoutWallClock(a))) {
      h ^= x & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
