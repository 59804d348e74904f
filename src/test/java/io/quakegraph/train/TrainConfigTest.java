package io.quakegraph.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The config format and the learning-rate schedule. */
class TrainConfigTest {

  @Test
  void theCommittedExampleParsesAndRoundTrips() throws Exception {
    TrainConfig c = TrainConfig.read(Path.of("config/train-stgnn-socal-v1.json"));
    assertEquals("stgnn-socal-v1", c.name());
    assertEquals("stgnn", c.model().type());
    assertEquals("gcn", c.baseline().model().type());
    assertTrue(c.data().trainSeed() != c.data().evalSeed());
    assertEquals(c, TrainConfig.parse(c.toJson()));
  }

  @Test
  void typosAndSharedSeedsAreRejected() {
    assertThrows(Exception.class, () -> TrainConfig.parse("{\"batchSise\": 4}"));
    assertThrows(
        Exception.class,
        () -> TrainConfig.parse("{\"data\": {\"trainSeed\": 5, \"evalSeed\": 5}}"));
  }

  @Test
  void warmUpThenCosineToTheFloor() throws Exception {
    TrainConfig c =
        TrainConfig.parse(
            "{\"optimiser\": {\"learningRate\": 0.001, \"warmupSteps\": 10,"
                + " \"minLearningRate\": 0.0001}, \"steps\": 110}");
    LearningRateSchedule s = new LearningRateSchedule(c.optimiser(), c.steps());
    assertEquals(0.0001, s.at(0), 1e-12);
    assertEquals(0.001, s.at(9), 1e-12);
    assertEquals(0.00055, s.at(60), 1e-9);
    assertEquals(0.0001, s.at(110), 1e-12);
    TrainConfig step =
        TrainConfig.parse(
            "{\"optimiser\": {\"learningRate\": 0.001, \"warmupSteps\": 0, \"schedule\": \"step\","
                + " \"stepEvery\": 10, \"stepFactor\": 0.5}, \"steps\": 100}");
    LearningRateSchedule t = new LearningRateSchedule(step.optimiser(), 100);
    assertEquals(0.001, t.at(9), 1e-12);
    assertEquals(0.0005, t.at(10), 1e-12);
    assertEquals(0.00025, t.at(25), 1e-12);
  }
}
