package io.quakegraph.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quakegraph.train.SyntheticEvents;
import io.quakegraph.train.TrainConfig;
import org.junit.jupiter.api.Test;

/** The one switch: a training config's {@code data.realism} reaches the events and the records. */
class RealismSwitchTest {
  @Test
  void defaultsStayIdeal() {
    assertEquals(Realism.IDEAL, SimulationOptions.defaults().realism());
    assertEquals(Realism.IDEAL, ScenarioOptions.defaults().realism());
    assertEquals(6.5, ScenarioOptions.defaults().maxMagnitude());
  }

  @Test
  void realWorldScenarioReachesMagnitudeEight() {
    ScenarioOptions o = ScenarioOptions.realWorld();
    assertEquals(Realism.REAL_WORLD, o.realism());
    assertEquals(8.0, o.maxMagnitude());
    assertEquals(2.5, o.minMagnitude());
    // An explicit range is kept.
    assertEquals(
        7.0,
        ScenarioOptions.defaults().toBuilder()
            .minMagnitude(3)
            .maxMagnitude(7)
            .build()
            .withRealism(Realism.REAL_WORLD)
            .maxMagnitude());
  }

  @Test
  void trainingConfigSwitchesTheSyntheticStream() throws Exception {
    TrainConfig ideal = TrainConfig.parse("{\"data\": {}}");
    assertEquals(Realism.IDEAL, SyntheticEvents.scenario(ideal.data()).realism());
    assertEquals(6.5, SyntheticEvents.scenario(ideal.data()).maxMagnitude());
    TrainConfig real = TrainConfig.parse("{\"data\": {\"realism\": \"real-world\"}}");
    ScenarioOptions o = SyntheticEvents.scenario(real.data());
    assertEquals(Realism.REAL_WORLD, o.realism());
    assertEquals(8.0, o.maxMagnitude());
    assertThrows(
        Exception.class, () -> TrainConfig.parse("{\"data\": {\"realism\": \"sort of\"}}"));
  }
}
