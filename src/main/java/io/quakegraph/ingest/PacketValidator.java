package io.quakegraph.ingest;

import io.quakegraph.schema.DeadLetterReason;
import io.quakegraph.schema.RecordFormat;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.Channel;
import io.quakegraph.seismic.Encoding;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeedException;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Times;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one gate between raw miniSEED bytes and Kafka, shared by the SeedLink bridge and the archive
 * replay: each record becomes either a {@link WaveformPacket} ({@link Validation.Accepted}) or a
 * dead letter with a reason ({@link Validation.Rejected}). It never throws on bad input.
 *
 * <p>Checks, in order (the first failure decides the reason):
 *
 * <ol>
 *   <li>the bytes parse as exactly one miniSEED 2 or 3 record with a valid payload (Steim
 *       integrity, CRC): otherwise {@code TRUNCATED_RECORD}, {@code UNSUPPORTED_ENCODING}, {@code
 *       IMPOSSIBLE_SAMPLE_RATE} or {@code CORRUPT_RECORD} (see {@link DeadLetters#classify});
 *       trailing bytes after the record are corrupt too, since the packet carries the record
 *       byte-exact;
 *   <li>it holds waveform samples (not a text/log record, not empty): otherwise {@code OTHER};
 *   <li>the sample rate lies in 0.001..10000 Hz: otherwise {@code IMPOSSIBLE_SAMPLE_RATE};
 *   <li>the start is not before 1970 and the end not later than receive time + tolerance: otherwise
 *       {@code IMPOSSIBLE_TIME};
 *   <li>when an inventory is given: the station is in it ({@code UNKNOWN_STATION}), the channel has
 *       an epoch at the record's start ({@code UNKNOWN_STATION}, the detail names the channel:
 *       without metadata the counts cannot become ground motion), and the rate matches the
 *       channel's StationXML rate ({@code IMPOSSIBLE_SAMPLE_RATE});
 *   <li>the same channel, start and sample count was not accepted recently: otherwise {@code
 *       DUPLICATE};
 *   <li>the record does not start before the end of the channel's latest accepted record by more
 *       than the tolerance (plus half a sample): otherwise {@code OUT_OF_ORDER}.
 * </ol>
 *
 * <p><b>Why out-of-order is a dead letter and not re-ordered here.</b> Both sources deliver each
 * channel in time order: SeedLink sends a stream's packets in sequence (and our bridge resumes by
 * sequence number), the replay merges by end time. A record that goes back in time within one
 * channel is therefore an anomaly (an overlapping re-send, a time tear, a backfill after a gap)
 * that the stream job must not silently splice into a trace it has already windowed. Ordering
 * <i>between</i> stations is the job's business (event-time watermarks with bounded
 * out-of-orderness), so nothing is held back here, which would only add latency to every packet.
 * The rejected bytes are kept in the dead-letter topic, so a backfill can still be recovered.
 *
 * <p>Thread-safe: parsing runs unlocked; the duplicate/order memory is updated under one lock. Only
 * accepted records enter that memory.
 */
public final class PacketValidator {
  private static final Logger LOG = LoggerFactory.getLogger(PacketValidator.class);

  /** 1970-01-01T00:00:00Z: a record before it has a broken header or clock. */
  private static final long EPOCH_MICROS = 0L;

  /**
   * Name of the {@link IngestMetrics} counter of parser failures that were not {@link
   * MiniSeedException}s: a parser bug, counted so that the fuzz test can require zero.
   */
  public static final String PARSER_BUG_COUNTER = "parser-unexpected-exception";

  private final Inventory inventory;
  private final ValidatorOptions options;
  private final IngestMetrics metrics;
  private final Map<SourceId, StreamMemory> streams;

  /**
   * A validator.
   *
   * @param inventory the known stations; null to accept any station (no station or rate check
   *     against metadata)
   */
  public PacketValidator(Inventory inventory, ValidatorOptions options, IngestMetrics metrics) {
    this.inventory = inventory;
    this.options = options;
    this.metrics = metrics;
    int max = options.maxStreams();
    this.streams =
        new LinkedHashMap<>(64, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<SourceId, StreamMemory> eldest) {
            return size() > max;
          }
        };
  }

  /** A validator with default tolerances and its own metrics. */
  public PacketValidator(Inventory inventory) {
    this(inventory, ValidatorOptions.DEFAULTS, new IngestMetrics());
  }

  /** The counters this validator increments. */
  public IngestMetrics metrics() {
    return metrics;
  }

  /** The inventory checked against, if any. */
  public Optional<Inventory> inventory() {
    return Optional.ofNullable(inventory);
  }

  /** {@link #validate(byte[], String, long, Long)} without a SeedLink sequence number. */
  public Validation validate(byte[] record, String origin, long receiveMicros) {
    return validate(record, origin, receiveMicros, null);
  }

  /**
   * Validates one raw record.
   *
   * @param record exactly one miniSEED record (not modified; the packet or letter holds a copy)
   * @param origin where it came from, {@code seedlink:HOST:PORT} or {@code replay:PATH}
   * @param receiveMicros wall-clock receive time, epoch microseconds
   * @param sequence SeedLink sequence number, or null
   */
  public Validation validate(byte[] record, String origin, long receiveMicros, Long sequence) {
    if (record == null) {
      return reject(
          new byte[0], DeadLetterReason.CORRUPT_RECORD, "null record", origin, receiveMicros, null);
    }
    MiniSeedRecord rec;
    try {
      rec = MiniSeed.parse(record);
    } catch (MiniSeedException e) {
      return reject(record, DeadLetters.classify(e), e.reason(), origin, receiveMicros, null);
    } catch (RuntimeException e) {
      // A parser bug must not stop ingest; it is dead-lettered and counted apart.
      metrics.increment(PARSER_BUG_COUNTER);
      LOG.error(
          "miniSEED parser failed unexpectedly on a {}-byte record from {}",
          record.length,
          origin,
          e);
      return reject(
          record,
          DeadLetterReason.CORRUPT_RECORD,
          "parser failure: " + e,
          origin,
          receiveMicros,
          null);
    }
    return check(rec, record, origin, receiveMicros, sequence);
  }

  /**
   * Validates a record that has already been parsed (by a reader that had to parse it to find its
   * length), skipping the second parse. {@code rec.bytes()} are the raw bytes.
   */
  public Validation validate(MiniSeedRecord rec, String origin, long receiveMicros, Long sequence) {
    return check(rec, rec.bytes(), origin, receiveMicros, sequence);
  }

  private Validation check(
      MiniSeedRecord rec, byte[] record, String origin, long receiveMicros, Long sequence) {
    SourceId id = rec.id();
    String key = id.stationId();
    String sid = id.toFdsn();
    if (rec.recordLength() != record.length) {
      return reject(
          record,
          DeadLetterReason.CORRUPT_RECORD,
          "record length %d but %d bytes received: one packet must be exactly one record"
              .formatted(rec.recordLength(), record.length),
          origin,
          receiveMicros,
          sid,
          key);
    }
    if (rec.encoding() == Encoding.TEXT || rec.sampleCount() == 0) {
      return reject(
          record,
          DeadLetterReason.OTHER,
          rec.encoding() == Encoding.TEXT
              ? "text record (log message), not waveform data"
              : "record holds no samples",
          origin,
          receiveMicros,
          sid,
          key);
    }
    double rate = rec.sampleRate();
    if (!(rate >= ValidatorOptions.MIN_RATE && rate <= ValidatorOptions.MAX_RATE)) {
      return reject(
          record,
          DeadLetterReason.IMPOSSIBLE_SAMPLE_RATE,
          "sample rate %s Hz outside %s..%s Hz"
              .formatted(rate, ValidatorOptions.MIN_RATE, ValidatorOptions.MAX_RATE),
          origin,
          receiveMicros,
          sid,
          key);
    }
    long start = rec.startMicros();
    long end = rec.endMicros();
    if (start < EPOCH_MICROS) {
      return reject(
          record,
          DeadLetterReason.IMPOSSIBLE_TIME,
          "start " + Times.format(start) + " is before 1970",
          origin,
          receiveMicros,
          sid,
          key);
    }
    if (end > receiveMicros + options.futureToleranceMicros()) {
      return reject(
          record,
          DeadLetterReason.IMPOSSIBLE_TIME,
          "end %s is in the future: more than %d s after the receive time %s"
              .formatted(
                  Times.format(end),
                  options.futureToleranceMicros() / 1_000_000,
                  Times.format(receiveMicros)),
          origin,
          receiveMicros,
          sid,
          key);
    }
    if (inventory != null) {
      if (inventory.station(key).isEmpty()) {
        return reject(
            record,
            DeadLetterReason.UNKNOWN_STATION,
            "station " + key + " is not in the inventory",
            origin,
            receiveMicros,
            sid,
            key);
      }
      Optional<Channel> channel = inventory.channel(id, start);
      if (channel.isEmpty()) {
        return reject(
            record,
            DeadLetterReason.UNKNOWN_STATION,
            "station %s is known but channel %s has no inventory epoch at %s"
                .formatted(key, id, Times.format(start)),
            origin,
            receiveMicros,
            sid,
            key);
      }
      double expected = channel.get().sampleRate();
      if (expected > 0 && Math.abs(rate / expected - 1) > options.rateTolerance()) {
        return reject(
            record,
            DeadLetterReason.IMPOSSIBLE_SAMPLE_RATE,
            "sample rate %s Hz but the inventory says %s Hz for %s".formatted(rate, expected, id),
            origin,
            receiveMicros,
            sid,
            key);
      }
    }
    String order = admit(id, start, end, rec.sampleCount(), rate);
    if (order != null) {
      DeadLetterReason reason =
          order.startsWith("duplicate")
              ? DeadLetterReason.DUPLICATE
              : DeadLetterReason.OUT_OF_ORDER;
      return reject(record, reason, order, origin, receiveMicros, sid, key);
    }
    WaveformPacket packet =
        WaveformPacket.newBuilder()
            .setSourceId(sid)
            .setNetwork(id.network())
            .setStation(id.station())
            .setLocation(id.location())
            .setChannel(id.channel())
            .setStartTime(Times.instant(start))
            .setSampleRate(rate)
            .setSampleCount(rec.sampleCount())
            .setEncoding(rec.encoding().code())
            .setRecordFormat(
                rec.formatVersion() == 3 ? RecordFormat.MINISEED3 : RecordFormat.MINISEED2)
            .setRecord(ByteBuffer.wrap(record.clone()))
            .setReceiveTime(Times.instant(receiveMicros))
            .setSequence(sequence)
            .setOrigin(origin == null ? "" : origin)
            .build();
    metrics.accepted();
    return new Validation.Accepted(packet, key, rec);
  }

  /**
   * Dead-letters bytes that a reader already found unusable (e.g. a corrupt run inside an archive
   * file), counted like every other rejection.
   */
  public Validation reject(
      byte[] raw, DeadLetterReason reason, String detail, String origin, long receiveMicros) {
    return reject(raw, reason, detail, origin, receiveMicros, null);
  }

  /** Forgets the duplicate/order memory (e.g. when a replay starts over). */
  public void reset() {
    synchronized (streams) {
      streams.clear();
    }
  }

  /**
   * Checks a parsed, otherwise valid record against its channel's memory and, when it passes,
   * records it. Returns null when admitted, else the reason text (starting with "duplicate" for a
   * duplicate).
   */
  private String admit(SourceId id, long start, long end, int count, double rate) {
    long halfSample = Math.round(0.5e6 / rate);
    synchronized (streams) {
      StreamMemory m =
          streams.computeIfAbsent(id, k -> new StreamMemory(options.duplicateMemory()));
      PacketId pid = new PacketId(start, count);
      if (m.seen.contains(pid)) {
        return "duplicate of a recent record of %s starting %s with %d samples"
            .formatted(id, Times.format(start), count);
      }
      if (m.lastEnd != Long.MIN_VALUE
          && start < m.lastEnd - halfSample - options.outOfOrderToleranceMicros()) {
        return "out of order: %s starts %s, %.6f s before the end %s of the latest record"
            .formatted(id, Times.format(start), (m.lastEnd - start) / 1e6, Times.format(m.lastEnd));
      }
      m.remember(pid, end);
      return null;
    }
  }

  private Validation reject(
      byte[] raw,
      DeadLetterReason reason,
      String detail,
      String origin,
      long receiveMicros,
      String sourceId) {
    return reject(raw, reason, detail, origin, receiveMicros, sourceId, null);
  }

  private Validation reject(
      byte[] raw,
      DeadLetterReason reason,
      String detail,
      String origin,
      long receiveMicros,
      String sourceId,
      String key) {
    metrics.rejected(reason);
    return new Validation.Rejected(
        DeadLetters.of(raw, reason, detail, origin == null ? "" : origin, receiveMicros, sourceId),
        key);
  }

  private record PacketId(long start, int count) {}

  /** What the validator remembers of one channel: its head and recent packets. */
  private static final class StreamMemory {
    final int capacity;
    final ArrayDeque<PacketId> order = new ArrayDeque<>();
    final Set<PacketId> seen = new HashSet<>();
    long lastEnd = Long.MIN_VALUE;

    StreamMemory(int capacity) {
      this.capacity = capacity;
    }

    void remember(PacketId id, long end) {
      order.addLast(id);
      seen.add(id);
      if (order.size() > capacity) {
        seen.remove(order.removeFirst());
      }
      lastEnd = Math.max(lastEnd, end);
    }
  }
}
