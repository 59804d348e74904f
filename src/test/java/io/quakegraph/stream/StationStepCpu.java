package io.quakegraph.stream;

import io.quakegraph.dataset.ModelInputSpec;
import io.quakegraph.dataset.StationWindowCutter;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Station;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.Traces;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * A reproducible CPU figure for the station stage's step, not a test: one 3-channel 100-Hz
 * broadband (1-s Steim-2 records) through {@link StationProcessor} in Flink's keyed test harness
 * with the job's defaults (60 s conditioning pad, the bundled model's 1024-sample 50-Hz window),
 * timed by the job's own {@link StageWork} events (thread CPU per stage, as {@code bench stream}'s
 * "CPU per stage" table), then the parts of a step timed alone: parsing the held records, their
 * Steim decoding, {@link Traces#assemble} and the conditioning ({@link StationWindowCutter#cut}).
 *
 * <p>Run from the checkout after {@code mvn -B -o -q package -DskipTests}:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) io.quakegraph.stream.StationStepCpu
 * </pre>
 *
 * where {@code cp.txt} comes from {@code mvn -o dependency:build-classpath -Dmdep.outputFile=cp.txt
 * -Dmdep.includeScope=test}. Arguments: seconds of data (default 400), rounds (default 5). The
 * checksum of the emitted windows is a function of their values only, so two builds (another {@code
 * target/classes} on the class path) must print the same one: an A/B of the stage's CPU that also
 * shows its output did not change. A few packets are left out, so the assembly meets gaps.
 */
public final class StationStepCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final double PAD_S = 60.0;
  private static final long WARMUP_MICROS = 100_000_000L;

  private StationStepCpu() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path tmp = Files.createTempDirectory("station-step-cpu");
    Station station = StreamFixtures.station("CI", "AAA", 34.0, -118.0);
    Path inventory = StreamFixtures.inventory(tmp, List.of(station));
    Path model = Path.of("model-export/stgnn-socal-v2");
    List<Trace> traces =
        StreamFixtures.station3(
            station, StreamFixtures.T0, seconds, StreamFixtures.T0 + 200_000_000L, 20_000);
    List<WaveformPacket> packets = new ArrayList<>(StreamFixtures.interleaved(traces));
    // a lost packet now and then: gaps split the assembled traces
    for (int i = packets.size() - 100; i > 0; i -= 211) {
      packets.remove(i);
    }
    System.out.printf(
        "load average %.2f; %d packets, %d s x 3 channels%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        packets.size(),
        seconds);
    Map<String, List<Double>> perStep = new TreeMap<>();
    for (int round = 0; round < rounds; round++) {
      Map<String, Double> r = stage(inventory, model, packets, round);
      if (round >= 2) { // the first rounds run before the JIT has compiled the hot paths
        r.forEach((k, v) -> perStep.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
      }
    }
    // a shared machine only ever adds CPU time (caches, the other hyperthread): the minimum is
    // the least disturbed round, the median the typical one
    StringBuilder summary =
        new StringBuilder("per station step over rounds 2..%d:".formatted(rounds - 1));
    perStep.forEach(
        (k, v) -> {
          List<Double> sorted = v.stream().sorted().toList();
          summary.append(
              " %s min %.0f µs median %.0f µs;"
                  .formatted(k, sorted.get(0), sorted.get(sorted.size() / 2)));
        });
    System.out.println(summary);
    parts(station, packets, rounds);
  }

  /** CPU-µs per station step by stage, from the StageWork events of one harness run. */
  private static Map<String, Double> stage(
      Path inventory, Path model, List<WaveformPacket> packets, int round) throws Exception {
    Path jfr = Files.createTempFile("station-step", ".jfr");
    long cpu;
    int windows;
    int checksum;
    try (Recording rec = new Recording()) {
      rec.enable(StageWork.NAME);
      rec.start();
      StationProcessor fn =
          new StationProcessor(JobConfig.defaults("unused:9092", model, inventory));
      try (var h =
          new KeyedOneInputStreamOperatorTestHarness<>(
              new KeyedProcessOperator<>(fn), EewJob::stationKey, Types.STRING)) {
        h.open();
        long c0 = THREADS.getCurrentThreadCpuTime();
        StationProcessorTest.feed(h, packets);
        cpu = THREADS.getCurrentThreadCpuTime() - c0;
        List<StationWindow> out = h.extractOutputValues();
        windows = out.size();
        // the values, not StationWindow.hashCode: the figure compares builds, old and new
        checksum =
            out.stream()
                .mapToInt(
                    w ->
                        Objects.hash(
                                w.timeMicros(),
                                w.logPeak(),
                                w.triggerMicros(),
                                w.observedFraction(),
                                w.channelsUsed())
                            ^ Arrays.hashCode(w.waveform()))
                .reduce(17, (x, y) -> 31 * x + y);
      }
      rec.stop();
      rec.dump(jfr);
    }
    Map<String, long[]> byStage = new TreeMap<>();
    long steps = 0;
    long from = StreamFixtures.T0 + WARMUP_MICROS;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      if (!e.getEventType().getName().equals(StageWork.NAME) || e.getLong("dataMicros") < from) {
        continue;
      }
      long[] sum = byStage.computeIfAbsent(e.getString("stage"), k -> new long[2]);
      sum[0] += e.getLong("cpuNanos");
      sum[1]++;
      if (e.getString("stage").equals("trigger")) {
        steps++;
      }
    }
    Files.delete(jfr);
    StringBuilder line =
        new StringBuilder(
            "round %d: %d windows (checksum %08x), whole feed %.0f µs/step; after %d s, per step:"
                .formatted(
                    round, windows, checksum, cpu / 1e3 / windows, WARMUP_MICROS / 1_000_000));
    Map<String, Double> out = new TreeMap<>();
    for (var e : byStage.entrySet()) {
      out.put(e.getKey(), e.getValue()[0] / 1e3 / steps);
      line.append(" %s %.0f µs".formatted(e.getKey(), out.get(e.getKey())));
    }
    System.out.println(line);
    return out;
  }

  /** The parts of one step (pad + window + margin of held records) timed alone. */
  private static void parts(Station station, List<WaveformPacket> packets, int rounds)
      throws Exception {
    ModelInputSpec spec = new ModelInputSpec(50.0, 1024 / 50.0, 0.0, PAD_S, 0.5);
    StationWindowCutter cutter = new StationWindowCutter(spec);
    long t = StreamFixtures.T0 + 150_000_000L;
    long windowStart = t - 1023 * 20_000L;
    long keepFrom = cutter.dataStart(windowStart);
    List<byte[]> held = new ArrayList<>();
    for (WaveformPacket p : packets) {
      byte[] raw = bytes(p.getRecord());
      MiniSeedRecord r = MiniSeed.parse(raw);
      if (r.endMicros() > keepFrom && r.startMicros() <= t + 1_000_000L) {
        held.add(raw);
      }
    }
    List<MiniSeedRecord> parsed = new ArrayList<>();
    for (byte[] raw : held) {
      parsed.add(MiniSeed.parse(raw));
    }
    Map<SourceId, List<Trace>> segments = new HashMap<>();
    for (Trace tr : Traces.assemble(parsed)) {
      segments.computeIfAbsent(tr.id(), k -> new ArrayList<>()).add(tr);
    }
    int n = 400;
    for (int round = 0; round < rounds; round++) {
      long parse =
          time(
              n,
              () -> {
                for (byte[] raw : held) {
                  MiniSeed.parse(raw);
                }
              });
      long decode = time(n, () -> parsed.forEach(MiniSeedRecord::samples));
      long assemble = time(n, () -> Traces.assemble(parsed));
      long cut = time(n, () -> cutter.cut(station, segments, windowStart));
      System.out.printf(
          "parts (%d records, %d samples): parse %.0f µs, Steim decode %.0f µs,"
              + " assemble (decode + join) %.0f µs, conditioning %.0f µs%n",
          held.size(),
          parsed.stream().mapToInt(MiniSeedRecord::sampleCount).sum(),
          parse / 1e3,
          decode / 1e3,
          assemble / 1e3,
          cut / 1e3);
    }
  }

  /** Thread CPU ns of one call of {@code body}, the mean over {@code n} calls. */
  private static long time(int n, Body body) throws Exception {
    long c0 = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      body.run();
    }
    return (THREADS.getCurrentThreadCpuTime() - c0) / n;
  }

  private interface Body {
    void run() throws Exception;
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
