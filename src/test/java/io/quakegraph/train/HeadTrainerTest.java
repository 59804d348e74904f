package io.quakegraph.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.model.GraphModel;
import io.quakegraph.model.ModelSpec;
import io.quakegraph.model.Stgnn;
import io.quakegraph.synth.SyntheticNetwork;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staged training: the embedding cache and the head trained on it, with real DJL. */
class HeadTrainerTest {
  static TrainConfig config(Path encoder, int steps) throws Exception {
    return TrainConfig.parse(
        """
        {
          "name": "tiny-v2",
          "model": {"type": "stgnn", "windowSamples": 128, "embeddingDim": 8, "k": 4,
                    "graphLayers": 1, "hidden": 16, "pickFeatures": 6},
          "staged": {"encoder": "%s", "events": 6, "cutsPerEvent": 3, "validationShare": 0.2,
                     "depthWeight": 2, "idealEvents": 2},
          "data": {"trainSeed": 77, "evalSeed": 78, "maxStations": 6},
          "optimiser": {"learningRate": 0.003, "warmupSteps": 2},
          "batchSize": 4,
          "steps": %d,
          "seed": 5,
          "checkpointEvery": 1000,
          "logEvery": 1000
        }
        """
            .formatted(encoder.toString().replace("\\\\", "/"), steps));
  }

  /** A trained-encoder stand-in: a v1 model of the config's shape, saved. */
  static Path encoder(Path tmp, TrainConfig c, SyntheticNetwork net) throws Exception {
    Path dir = tmp.resolve("v1");
    ModelSpec v1 = ModelFactory.spec(c.model(), net, 99).withPickFeatures(0);
    try (Stgnn m = Stgnn.create(v1)) {
      m.save(dir);
    }
    return dir;
  }

  static HeadTrainer open(TrainConfig c, SyntheticNetwork net, Path cache, Path ck, boolean resume)
      throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    return HeadTrainer.open(
        c, net, ModelFactory.spec(c.model(), net, c.seed()), cache, ck, resume, quiet);
  }

  static Map<String, float[]> parameters(GraphModel m) {
    Map<String, float[]> out = new LinkedHashMap<>();
    m.block()
        .getParameters()
        .forEach(p -> out.put(p.getKey(), p.getValue().getArray().toFloatArray()));
    return out;
  }

  @Test
  void headTrainsOnTheCacheResumesExactlyAndKeepsTheEncoder(@TempDir Path tmp) throws Exception {
    TrainConfig probe = config(tmp.resolve("v1"), 6);
    SyntheticNetwork net = Trainer.network(probe, TinyRun.stations());
    Path enc = encoder(tmp, probe, net);
    TrainConfig c = config(enc, 6);
    Path cache = tmp.resolve("cache");
    Map<String, float[]> straight;
    try (HeadTrainer t = open(c, net, cache, tmp.resolve("a"), false)) {
      t.runUntil(6);
      straight = parameters(t.model());
    }
    Path chunk = EmbeddingCache.chunkFile(cache, 0);
    byte[] firstBuild = Files.readAllBytes(chunk);
    Files.delete(chunk); // an interrupted build: the chunk is made again, the same
    Map<String, float[]> resumed;
    try (HeadTrainer t = open(c, net, cache, tmp.resolve("b"), false)) {
      t.runUntil(3);
      t.checkpoint(0);
    }
    assertArrayEquals(firstBuild, Files.readAllBytes(chunk));
    try (HeadTrainer t = open(c, net, cache, tmp.resolve("b"), true)) {
      assertEquals(3, t.step());
      t.runUntil(6);
      resumed = parameters(t.model());
    }
    assertEquals(straight.keySet(), resumed.keySet());
    Map<String, float[]> source;
    try (GraphModel v1 = GraphModel.load(enc)) {
      source = parameters(v1);
    }
    int encoderParams = 0;
    for (String k : straight.keySet()) {
      assertArrayEquals(straight.get(k), resumed.get(k), 0f, k);
      if (k.contains("encoder")) {
        encoderParams++;
        assertArrayEquals(source.get(k), straight.get(k), 0f, "frozen " + k);
      }
    }
    assertTrue(encoderParams > 0);
  }

  @Test
  void aCacheOfAnotherConfigIsRefused(@TempDir Path tmp) throws Exception {
    TrainConfig probe = config(tmp.resolve("v1"), 2);
    SyntheticNetwork net = Trainer.network(probe, TinyRun.stations());
    Path enc = encoder(tmp, probe, net);
    Path cache = tmp.resolve("cache");
    Files.createDirectories(cache);
    Files.writeString(cache.resolve("cache.json"), "{\"something\": \"else\"}");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> open(config(enc, 2), net, cache, tmp.resolve("a"), false).close());
    assertTrue(e.getMessage().contains("another config"), e.getMessage());
  }

  @Test
  void theNewHeadStartsAtTheTrainedHeadsEstimate(@TempDir Path tmp) throws Exception {
    TrainConfig c = config(tmp.resolve("v1"), 2);
    SyntheticNetwork net = Trainer.network(c, TinyRun.stations());
    ModelSpec v2 = ModelFactory.spec(c.model(), net, 7);
    try (Stgnn old = Stgnn.create(v2.withPickFeatures(0));
        Stgnn fresh = Stgnn.create(v2)) {
      assertTrue(HeadTrainer.startFrom(fresh, old) > 0);
      int n = 5;
      int e = v2.embeddingDim();
      java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
      float[] emb = new float[n * e];
      float[] lp = new float[n];
      float[] xyz = new float[3 * n];
      float[] live = new float[n];
      for (int i = 0; i < emb.length; i++) {
        emb[i] = (float) rng.nextDouble(-1, 1);
      }
      for (int i = 0; i < n; i++) {
        lp[i] = (float) rng.nextDouble(-8, -3);
        xyz[3 * i] = (float) rng.nextDouble(-1, 1);
        xyz[3 * i + 1] = (float) rng.nextDouble(-1, 1);
        live[i] = 1f;
      }
      try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
        ai.djl.ndarray.types.Shape s3 = new ai.djl.ndarray.types.Shape(1, n, e);
        float[] a =
            old.head(
                    m.create(emb, s3),
                    m.create(lp, new ai.djl.ndarray.types.Shape(1, n, 1)),
                    m.create(xyz, new ai.djl.ndarray.types.Shape(1, n, 3)),
                    m.create(live, new ai.djl.ndarray.types.Shape(1, n)),
                    null)
                .toFloatArray();
        float[] zeroPicks = new float[n * v2.pickFeatures()];
        float[] b =
            fresh
                .head(
                    m.create(emb, s3),
                    m.create(lp, new ai.djl.ndarray.types.Shape(1, n, 1)),
                    m.create(xyz, new ai.djl.ndarray.types.Shape(1, n, 3)),
                    m.create(live, new ai.djl.ndarray.types.Shape(1, n)),
                    m.create(zeroPicks, new ai.djl.ndarray.types.Shape(1, n, v2.pickFeatures())))
                .toFloatArray();
        assertArrayEquals(a, b, 1e-5f);
      }
    }
  }
}
