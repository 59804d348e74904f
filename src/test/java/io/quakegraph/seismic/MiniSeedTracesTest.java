package io.quakegraph.seismic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quakegraph.SharedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Assembly of records into traces: order, duplicates, gaps and overlaps. */
class MiniSeedTracesTest {
  private static List<MiniSeedRecord> records;
  private static Trace whole;

  @BeforeAll
  static void load() throws Exception {
    records = MiniSeed.read(SharedData.path("continuous/CINCH__LHZ___2022002.ms")).records();
    whole = Traces.assemble(records).get(0);
  }

  @Test
  void shuffledRecordsAssembleToTheSameTrace() {
    List<MiniSeedRecord> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, new Random(5));
    Traces.AssembleResult r = Traces.assembleWithCounts(shuffled);
    assertEquals(List.of(whole), r.traces());
    assertEquals(0, r.duplicates() + r.overlaps() + r.gaps());
  }

  @Test
  void exactDuplicatesAreDroppedAndCounted() {
    List<MiniSeedRecord> twice = new ArrayList<>(records);
    twice.add(records.get(3));
    twice.add(records.get(7));
    twice.add(records.get(7));
    Traces.AssembleResult r = Traces.assembleWithCounts(twice);
    assertEquals(List.of(whole), r.traces());
    assertEquals(3, r.duplicates());
  }

  @Test
  void gapSplitsTheTrace() {
    List<MiniSeedRecord> gapped = new ArrayList<>(records);
    MiniSeedRecord removed = gapped.remove(5);
    Traces.AssembleResult r = Traces.assembleWithCounts(gapped);
    assertEquals(2, r.traces().size());
    assertEquals(1, r.gaps());
    assertEquals(removed.startMicros(), r.traces().get(0).endMicros());
    assertEquals(removed.endMicros(), r.traces().get(1).startMicros());
    assertEquals(
        whole.size() - removed.sampleCount(), r.traces().get(0).size() + r.traces().get(1).size());
  }

  @Test
  void overlapSplitsTheTraceAndIsCounted() throws Exception {
    // a re-cut record that starts inside another one and holds different samples
    Trace part =
        new Trace(
            whole.id(),
            records.get(4).startMicros() + 10_000_000L,
            whole.sampleRate(),
            Arrays.copyOf(whole.samples(), 30));
    MiniSeedRecord extra =
        MiniSeed.parse(new MiniSeed2Writer(Encoding.STEIM2, 512).records(part, 1).get(0));
    List<MiniSeedRecord> with = new ArrayList<>(records);
    with.add(extra);
    Traces.AssembleResult r = Traces.assembleWithCounts(with);
    assertEquals(1, r.overlaps());
    assertEquals(3, r.traces().size());
  }

  @Test
  void differentRateStartsANewTrace() throws Exception {
    Trace end =
        new Trace(whole.id(), whole.endMicros(), 2 * whole.sampleRate(), new double[] {1, 2, 3});
    MiniSeedRecord extra =
        MiniSeed.parse(new MiniSeed2Writer(Encoding.INT32, 512).records(end, 1).get(0));
    List<MiniSeedRecord> with = new ArrayList<>(records);
    with.add(extra);
    assertEquals(2, Traces.assemble(with).size());
  }

  @Test
  void channelsAreSeparated() throws Exception {
    List<MiniSeedRecord> both = new ArrayList<>(records);
    both.addAll(MiniSeed.read(SharedData.path("continuous/CIFOX2_LHZ___2022002.ms")).records());
    List<Trace> traces = Traces.assemble(both);
    assertEquals(
        List.of("CI.FOX2..LHZ", "CI.NCH..LHZ"),
        traces.stream().map(t -> t.id().toString()).toList());
  }
}
