package io.quakegraph.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StepGridTest {
  private static final long S = 1_000_000L;

  @Test
  void theJobsStepsLieHalfASecondAfterTheWholeSeconds() {
    StepGrid g = StepGrid.DEFAULT;
    assertEquals(10 * S + S / 2, g.atOrAfter(10 * S));
    assertEquals(10 * S + S / 2, g.atOrAfter(10 * S + S / 2));
    assertEquals(11 * S + S / 2, g.atOrAfter(10 * S + S / 2 + 1));
    assertEquals(9 * S + S / 2, g.before(10 * S + S / 2));
    assertEquals(10 * S + S / 2, g.before(10 * S + S / 2 + 1));
    // before the epoch too (floor, not truncation)
    assertEquals(-S / 2, g.atOrAfter(-S + 1));
    assertEquals(-3 * S / 2, g.before(-S / 2));
  }

  @Test
  void thePhaseIsTakenModuloTheStep() {
    assertEquals(new StepGrid(250_000, 0), StepGrid.of(250_000));
    assertEquals(new StepGrid(2 * S, S / 2), StepGrid.of(2 * S));
    assertEquals(new StepGrid(300_000, 200_000), StepGrid.of(300_000));
    assertThrows(IllegalArgumentException.class, () -> new StepGrid(S, S));
    assertThrows(IllegalArgumentException.class, () -> StepGrid.of(0));
  }
}
