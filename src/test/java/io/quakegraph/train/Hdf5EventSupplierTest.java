package io.quakegraph.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quakegraph.dataset.EventDatasetWriter;
import io.quakegraph.dataset.EventSample;
import io.quakegraph.synth.SyntheticNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HDF5 data source of training and evaluation: events by index, cycling over the file. */
class Hdf5EventSupplierTest {

  @Test
  void indicesCycleOverTheDatasetInOrder(@TempDir Path tmp) throws Exception {
    TrainConfig.DataConfig d = TinyRun.config(1).data();
    SyntheticNetwork all =
        SyntheticEvents.network(TinyRun.stations(), d.network(), d.networkDate(), d.siteSeed());
    SyntheticNetwork net =
        SyntheticNetwork.build(
            io.quakegraph.synth.StationSelection.nearestToCentre(all.inventory(), 4),
            io.quakegraph.seismic.Times.parse(d.networkDate()),
            d.siteSeed());
    var spec = SyntheticEvents.inputSpec(d, 50);
    SyntheticEvents events = new SyntheticEvents(net, spec, SyntheticEvents.scenario(d), 123);
    List<EventSample> written = new ArrayList<>();
    Path file = tmp.resolve("tiny.h5");
    try (EventDatasetWriter w = new EventDatasetWriter(file, spec)) {
      for (int i = 0; i < 3; i++) {
        EventSample s = events.event(i);
        written.add(s);
        w.add(s);
      }
      w.finish();
    }
    try (Hdf5EventSupplier h = new Hdf5EventSupplier(file)) {
      assertEquals(3, h.count());
      for (long i : new long[] {0, 1, 2, 3, 5, 1, 6}) {
        EventSample got = h.event(i);
        EventSample want = written.get((int) (i % 3));
        assertEquals(want.eventId(), got.eventId(), "index " + i);
        assertEquals(want.truth().origin(), got.truth().origin());
        assertEquals(want.stations().size(), got.stations().size());
        assertArrayEquals(
            want.stations().get(0).velocity()[0], got.stations().get(0).velocity()[0], 1e-6f);
      }
    }
  }
}
