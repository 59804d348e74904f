package io.quakegraph.train;

import io.quakegraph.SharedData;
import java.io.IOException;
import java.nio.file.Path;

/** A tiny training config for tests: 6 stations, a small model, a pool of 3 events. */
final class TinyRun {
  private TinyRun() {}

  static Path stations() {
    return SharedData.path("stations/scedc_channel_epochs.txt");
  }

  static TrainConfig config(int steps) throws IOException {
    return TrainConfig.parse(
        """
        {
          "name": "tiny",
          "model": {"type": "stgnn", "windowSamples": 128, "embeddingDim": 8, "k": 4,
                    "graphLayers": 1, "hidden": 16},
          "baseline": {"name": "tiny-gcn", "every": 2,
                       "model": {"type": "gcn", "windowSamples": 128, "embeddingDim": 8, "k": 4,
                                 "graphLayers": 1, "hidden": 16}},
          "data": {"trainSeed": 77, "evalSeed": 78, "maxStations": 6},
          "pool": {"events": 3, "stepsPerNewEvent": 2, "prefetchThreads": 1, "prefetchAhead": 2},
          "optimiser": {"learningRate": 0.003, "warmupSteps": 2},
          "batchSize": 4,
          "steps": %d,
          "seed": 5,
          "checkpointEvery": 1000,
          "logEvery": 1000
        }
        """
            .formatted(steps));
  }
}
