package io.quakegraph.stream;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.ModelInputSpec;
import io.quakegraph.dataset.StationWaveform;
import io.quakegraph.dataset.StationWindowCutter;
import io.quakegraph.ingest.DeadLetters;
import io.quakegraph.model.GraphFeatures;
import io.quakegraph.model.GraphInput;
import io.quakegraph.model.ModelSpec;
import io.quakegraph.model.StepGrid;
import io.quakegraph.model.classical.StaLtaTrigger;
import io.quakegraph.model.classical.TriggerState;
import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.DeadLetterReason;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeedException;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.RecordSamples;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.Traces;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The per-station stage, keyed by {@code NET.STA}: packets in, one {@link StationWindow} per step
 * out.
 *
 * <p>On each packet: decode the miniSEED header and samples ({@link MiniSeed#parse}); dead-letter
 * it with a reason when it cannot be decoded, has no waveform, belongs to no channel epoch of the
 * inventory, repeats or overlaps a record already held ({@code DUPLICATE}), or ends more than the
 * allowed lateness before the watermark ({@code OUT_OF_ORDER}, detail "late"); otherwise keep the
 * raw record in keyed state, its decoded samples beside it ({@link DecodedRecords}, not state), and
 * set an event-time timer on every step boundary it covers.
 *
 * <p>On each step timer t (the steps of {@link StepGrid}, fired when the watermark passes t, so
 * every station's packets up to t have arrived): assemble the held records into contiguous traces
 * ({@link Traces#join}, by the archive reader's rules, from samples decoded once per record: a
 * record is in ~80 steps' windows, and parsing and decoding the whole buffer at every step was most
 * of the stage's decode CPU; after a restore the records are decoded again from the state once) and
 * condition them with the offline code path, {@link StationWindowCutter}, for a window of W model
 * samples whose last sample is at t: sensor choice HH > BH > EH > HN (a broadband clipped in the
 * window gives way to its co-located accelerometer), counts to velocity, resampling to the model
 * rate, gap filling and Z/N/E rotation.
 *
 * <p>Why recondition a bounded buffer at each step instead of carrying filter state per channel: it
 * is the same code as the training data, sample for sample (the causal filters start at the same
 * point before the window, {@code conditioningPadSeconds}), so the model sees what it was trained
 * on; a gap, a late packet or a change of sensor needs no special state repair; and the state is
 * only raw records (bounded to pad + window + 1 s, evicted at each step, dropped by TTL when a
 * station goes silent). The cost is re-filtering ~80 s per channel per step, a few hundred
 * microseconds per station on one core.
 *
 * <p>The window is normalised as {@link GraphFeatures#build} does (divided by its peak, log10 peak
 * kept), and the STA/LTA trigger ({@link StaLtaTrigger}) advances over the samples new since the
 * previous step.
 */
public final class StationProcessor
    extends KeyedProcessFunction<String, WaveformPacket, StationWindow> {
  private static final long serialVersionUID = 1L;

  /** Side output of rejected packets. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("station-dead-letters", TypeInformation.of(DeadLetter.class));

  /** A channel whose newest data is this much older than the station's newest holds no step. */
  static final long STALE_CHANNEL_MICROS = 2_000_000L;

  /** Raw data past the window end that the conditioning may use (the cutter's end margin). */
  private static final long END_MARGIN_MICROS = 1_000_000L;

  /**
   * Most bytes of decoded samples a subtask keeps ({@link DecodedRecords}): 128 MiB holds the
   * buffers of ~1,300 stations of three 100-Hz channels with the default 60-s pad (about 100 KB
   * each); the stations past it decode their records at each step, as without the cache.
   */
  static final long DECODED_CAP_BYTES = 128L << 20;

  /** Data time after which a station that had no step may give up its decoded records. */
  private static final long DECODED_STALE_MICROS = 30_000_000L;

  private final String inventoryDir;
  private final String modelDir;
  private final long stepMicros;
  private final StepGrid grid;
  private final long allowedLatenessMs;
  private final double padSeconds;
  private final double idleSeconds;
  private final StaLtaTrigger trigger;
  private final long decodedCapBytes;

  private transient Inventory inventory;
  private transient ModelSpec spec;
  private transient StationWindowCutter cutter;
  private transient MapState<String, ChunkState> chunks;

  /** The held records decoded, beside {@link #chunks}; not state (see {@link DecodedRecords}). */
  private transient DecodedRecords decoded;

  private transient ValueState<TriggerState> triggerState;
  private transient ValueState<Long> lastStep;
  private transient Counter deadLettered;
  private transient Counter windows;
  // How far past a step each channel's data must reach (StationWindowCutter.dataPastStepMicros at
  // its rate); a channel not seen since a restore waits for the longest margin, which gives the
  // same window, later.
  private transient Map<String, Long> dataPastStepMicros;

  /**
   * @param cfg the job settings (inventory, model, step, lateness, pad, idle TTL)
   */
  public StationProcessor(JobConfig cfg) {
    this(
        cfg.inventoryDir(),
        cfg.modelDir(),
        cfg.stepMicros(),
        cfg.allowedLateness(),
        cfg.conditioningPadSeconds(),
        cfg.stationIdleSeconds(),
        StaLtaTrigger.defaults(),
        DECODED_CAP_BYTES);
  }

  /**
   * @param decodedCapBytes most bytes of decoded samples kept beside the state (0: decode the held
   *     records at every step)
   */
  StationProcessor(
      Path inventoryDir,
      Path modelDir,
      long stepMicros,
      Duration allowedLateness,
      double padSeconds,
      double idleSeconds,
      StaLtaTrigger trigger,
      long decodedCapBytes) {
    if (stepMicros % 1000 != 0) {
      throw new IllegalArgumentException("step must be whole milliseconds: " + stepMicros + " µs");
    }
    this.inventoryDir = inventoryDir.toString();
    this.modelDir = modelDir.toString();
    this.stepMicros = stepMicros;
    this.grid = StepGrid.of(stepMicros);
    this.allowedLatenessMs = allowedLateness.toMillis();
    this.padSeconds = padSeconds;
    this.idleSeconds = idleSeconds;
    this.trigger = trigger;
    this.decodedCapBytes = decodedCapBytes;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    inventory = StationXml.readDirectory(Path.of(inventoryDir));
    decoded = new DecodedRecords(decodedCapBytes, DECODED_STALE_MICROS);
    spec = ModelInfo.read(Path.of(modelDir)).spec();
    double windowS = spec.windowSamples() / spec.sampleRate();
    // Sample 0 of the cutter's grid is the window start; W samples end at t.
    cutter =
        new StationWindowCutter(
            new ModelInputSpec(
                spec.sampleRate(), windowS, 0.0, padSeconds, ModelInputSpec.DEFAULT.maxGapFillS()));
    StateTtlConfig ttl =
        StateTtlConfig.newBuilder(Duration.ofMillis(Math.round(idleSeconds * 1000)))
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            // Flink's default background cleanup on the heap backend checks a few entries at
            // every state access, and checking a map entry copies the whole map: with ~150
            // records per station that was a fifth of the station stage's CPU. Expired state is
            // invisible anyway; it is dropped from full snapshots and by RocksDB compaction,
            // and the steps evict what no window reaches any more.
            .disableCleanupInBackground()
            .cleanupFullSnapshot()
            .cleanupInRocksdbCompactFilter(1000)
            .build();
    MapStateDescriptor<String, ChunkState> chunksDesc =
        new MapStateDescriptor<>("chunks", Types.STRING, TypeInformation.of(ChunkState.class));
    chunksDesc.enableTimeToLive(ttl);
    ValueStateDescriptor<TriggerState> trigDesc =
        new ValueStateDescriptor<>("trigger", TypeInformation.of(TriggerState.class));
    trigDesc.enableTimeToLive(ttl);
    ValueStateDescriptor<Long> stepDesc = new ValueStateDescriptor<>("lastStep", Types.LONG);
    stepDesc.enableTimeToLive(ttl);
    chunks = getRuntimeContext().getMapState(chunksDesc);
    triggerState = getRuntimeContext().getState(trigDesc);
    lastStep = getRuntimeContext().getState(stepDesc);
    deadLettered = getRuntimeContext().getMetricGroup().counter("deadLetters");
    windows = getRuntimeContext().getMetricGroup().counter("windows");
    dataPastStepMicros = new HashMap<>();
  }

  /** Samples per window and the model rate this operator conditions to. */
  ModelSpec spec() {
    return spec;
  }

  /** The subtask's decoded records (for tests: hits, misses, what is held). */
  DecodedRecords decoded() {
    return decoded;
  }

  @Override
  public void processElement(WaveformPacket p, Context ctx, Collector<StationWindow> out)
      throws Exception {
    StageWork work = StageWork.begin(PipelineStage.DECODE);
    byte[] raw = bytes(p.getRecord());
    MiniSeedRecord r;
    try {
      r = MiniSeed.parse(raw);
    } catch (MiniSeedException e) {
      reject(ctx, p, raw, DeadLetters.classify(e), e.getMessage());
      return;
    } catch (RuntimeException e) {
      reject(ctx, p, raw, DeadLetterReason.CORRUPT_RECORD, "undecodable record: " + e);
      return;
    }
    if (!r.hasWaveform() || r.sampleCount() == 0) {
      reject(ctx, p, raw, DeadLetterReason.OTHER, "record carries no waveform samples");
      return;
    }
    String key = ctx.getCurrentKey();
    if (!r.id().stationId().equals(key)) {
      reject(
          ctx,
          p,
          raw,
          DeadLetterReason.OTHER,
          "record of " + r.id() + " under key " + key + " (header and packet disagree)");
      return;
    }
    Optional<Station> station = inventory.station(key);
    if (station.isEmpty() || inventory.channel(r.id(), r.startMicros()).isEmpty()) {
      reject(
          ctx,
          p,
          raw,
          DeadLetterReason.UNKNOWN_STATION,
          r.id() + ": no channel epoch at " + Times.format(r.startMicros()) + " in the inventory");
      return;
    }
    long start = r.startMicros();
    long end = r.endMicros();
    long watermark = ctx.timerService().currentWatermark();
    if (watermark != Long.MIN_VALUE && end / 1000 < watermark - allowedLatenessMs) {
      reject(
          ctx,
          p,
          raw,
          DeadLetterReason.OUT_OF_ORDER,
          "late: record %s ends %s, %d ms before the watermark %s (allowed lateness %d ms)"
              .formatted(
                  r.id(),
                  Times.format(end),
                  watermark - end / 1000,
                  Times.format(watermark * 1000),
                  allowedLatenessMs));
      return;
    }
    String id = r.id().toString();
    long halfSample = Math.round(0.5e6 / r.sampleRate());
    int held = 0;
    for (ChunkState c : chunks.values()) {
      held++;
      if (c.sourceId().equals(id)
          && start < c.endMicros() - halfSample
          && end > c.startMicros() + halfSample) {
        reject(
            ctx,
            p,
            raw,
            DeadLetterReason.DUPLICATE,
            "%s %s..%s overlaps a record already held (%s..%s)"
                .formatted(
                    id,
                    Times.format(start),
                    Times.format(end),
                    Times.format(c.startMicros()),
                    Times.format(c.endMicros())));
        return;
      }
    }
    if (held == 0) {
      // a new station, or one whose state the TTL dropped: what was decoded for it is stale
      decoded.drop(key);
    }
    String chunkKey = id + "|" + start;
    chunks.put(chunkKey, new ChunkState(id, start, end, raw, Times.micros(p.getReceiveTime())));
    decoded.put(key, chunkKey, raw, RecordSamples.of(r), end, end);
    double rate = r.sampleRate();
    dataPastStepMicros.computeIfAbsent(
        id, k -> StationWindowCutter.dataPastStepMicros(rate, spec.sampleRate()));
    Long last = lastStep.value();
    for (long b = grid.atOrAfter(start); b < end; b += stepMicros) {
      if (last == null || b > last) {
        ctx.timerService().registerEventTimeTimer(b / 1000);
      }
    }
    work.end(end, 1);
    emitComplete(key, end, out);
  }

  /**
   * Emits at once the steps after the last one that every channel of the station has reached,
   * instead of waiting for the watermark (which waits for the slowest station and the
   * out-of-orderness bound): a station's packets arrive in order, so once all its channels have
   * data past t by the resampler's reach, its window for t is a function of what it sent and equals
   * the one a later, fuller buffer gives. A channel silent for more than {@link
   * #STALE_CHANNEL_MICROS} does not hold the others back. The first step of a station, and any step
   * a channel never completes, still comes from the watermark's timer.
   */
  private void emitComplete(String key, long end, Collector<StationWindow> out) throws Exception {
    Long last = lastStep.value();
    // only a record that reaches past the next step can be the one that completes it
    if (last == null || end <= last + stepMicros) {
      return;
    }
    Map<String, Long> newest = new HashMap<>();
    for (ChunkState c : chunks.values()) {
      newest.merge(c.sourceId(), c.endMicros(), Math::max);
    }
    long latest = newest.values().stream().mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
    // Step t's window needs each channel's data to dataPastStep past t: all there once the
    // channel's records end at or after it (a record's end is one sample past its last sample).
    long complete = Long.MAX_VALUE;
    for (Map.Entry<String, Long> e : newest.entrySet()) {
      if (e.getValue() >= latest - STALE_CHANNEL_MICROS) {
        long past =
            dataPastStepMicros.getOrDefault(
                e.getKey(), END_MARGIN_MICROS + Math.round(1e6 / spec.sampleRate()));
        complete = Math.min(complete, e.getValue() - past);
      }
    }
    for (long t = last + stepMicros; t <= complete && newest.size() > 0; t += stepMicros) {
      emitStep(t, key, out);
    }
  }

  @Override
  public void onTimer(long timestampMs, OnTimerContext ctx, Collector<StationWindow> out)
      throws Exception {
    emitStep(timestampMs * 1000, ctx.getCurrentKey(), out);
  }

  /** The station's window for step t, once (later calls for t or earlier do nothing). */
  private void emitStep(long t, String key, Collector<StationWindow> out) throws Exception {
    Long last = lastStep.value();
    if (last != null && t <= last) {
      return;
    }
    lastStep.update(t);
    Station station = inventory.station(key).orElse(null);
    if (station == null) {
      return;
    }
    long rateMicros = Math.round(1e6 / spec.sampleRate());
    long windowStart = t - (spec.windowSamples() - 1) * rateMicros;
    long keepFrom = cutter.dataStart(windowStart);
    StageWork decode = StageWork.begin(PipelineStage.DECODE);
    List<RecordSamples> records = new ArrayList<>();
    long newestReceive = Long.MIN_VALUE;
    for (Iterator<Map.Entry<String, ChunkState>> it = chunks.iterator(); it.hasNext(); ) {
      Map.Entry<String, ChunkState> e = it.next();
      ChunkState c = e.getValue();
      if (c.endMicros() <= keepFrom) {
        it.remove(); // no later window reaches back this far
        continue;
      }
      if (c.startMicros() > t + END_MARGIN_MICROS) {
        continue; // future data is used by a later step only
      }
      records.add(decoded.get(key, e.getKey(), c.record(), c.endMicros(), t));
      if (c.startMicros() <= t) {
        newestReceive = Math.max(newestReceive, c.receiveMicros());
      }
    }
    decoded.evictEndingBy(key, keepFrom);
    if (records.isEmpty()) {
      return;
    }
    Map<SourceId, List<Trace>> segments = new HashMap<>();
    for (Trace tr : Traces.join(records).traces()) {
      segments.computeIfAbsent(tr.id(), k -> new ArrayList<>()).add(tr);
    }
    decode.end(t, 1);
    StageWork conditioning = StageWork.begin(PipelineStage.CONDITIONING);
    if (!(cutter.cut(station, cutter.withinEndMargin(segments, windowStart), windowStart)
        instanceof StationWindowCutter.Cut cut)) {
      return;
    }
    StationWaveform w = cut.waveform();
    conditioning.end(t, 1);
    TriggerState before = triggerState.value();
    StageWork triggering = StageWork.begin(PipelineStage.TRIGGER);
    TriggerState after =
        trigger.advance(
            before == null ? TriggerState.initial() : before,
            w.velocity()[0],
            w.observed()[0],
            windowStart,
            spec.sampleRate());
    triggering.end(t, 1);
    triggerState.update(after);
    StageWork features = StageWork.begin(PipelineStage.CONDITIONING);
    GraphInput g = normalise(w, windowStart, t, spec, after.onMicros());
    features.end(t, 1);
    windows.inc();
    out.collect(
        new StationWindow(
            w.stationId(),
            t,
            g.waveforms(),
            g.logPeak()[0],
            g.live()[0] > 0,
            after.on(),
            after.onMicros(),
            w.observedFraction(),
            w.latitude(),
            w.longitude(),
            w.elevationM(),
            newestReceive,
            w.channelsUsed(),
            g.picks()));
  }

  /** The window as the model's feature builder makes it (one station, cut at t). */
  static GraphInput normalise(
      StationWaveform w, long windowStart, long t, ModelSpec spec, long onsetMicros) {
    EventSample one =
        new EventSample(
            w.stationId(),
            null,
            windowStart,
            spec.sampleRate(),
            List.of(w),
            new double[] {Double.NaN},
            new double[] {Double.NaN},
            "stream");
    return GraphFeatures.build(one, t, spec, new long[] {onsetMicros});
  }

  private void reject(
      Context ctx, WaveformPacket p, byte[] raw, DeadLetterReason reason, String detail) {
    deadLettered.inc();
    DeadLetter d =
        DeadLetters.of(
            raw,
            reason,
            detail,
            p.getOrigin() == null ? "" : p.getOrigin().toString(),
            System.currentTimeMillis() * 1000L,
            p.getSourceId());
    ctx.output(DEAD_LETTERS, d);
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
