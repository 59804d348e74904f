package io.quakegraph.model.classical;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quakegraph.seismic.TravelTimes;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The split lookup (cell, fraction, interpolate on the segments) gives the very bits of {@link
 * PTravelTimeTable#at}, inside the table and beyond it, for P and S: the fusion uses the first, the
 * classical locator the second, and their searches must not drift apart.
 */
class PTravelTimeTableTest {
  @Test
  void splitLookupEqualsAtBitForBit() {
    TravelTimes tt = TravelTimes.hadleyKanamori();
    for (boolean s : new boolean[] {false, true}) {
      PTravelTimeTable table = new PTravelTimeTable(tt, 30, s);
      SplittableRandom r = new SplittableRandom(5);
      for (int n = 0; n < 20_000; n++) {
        double km = n < 10 ? n * 0.5 : 800 * r.nextDouble();
        int depthIndex = table.depthIndex(30 * r.nextDouble());
        int cell = table.cell(km);
        double split =
            PTravelTimeTable.interpolate(
                table.segments(depthIndex), cell, PTravelTimeTable.fraction(km, cell));
        double at = PTravelTimeTable.at(table.row(depthIndex), km);
        assertEquals(Double.doubleToLongBits(at), Double.doubleToLongBits(split), "km " + km);
      }
    }
  }
}
