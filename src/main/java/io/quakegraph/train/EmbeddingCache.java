package io.quakegraph.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.quakegraph.dataset.EventSample;
import io.quakegraph.model.GraphFeatures;
import io.quakegraph.model.GraphInput;
import io.quakegraph.model.GraphModel;
import io.quakegraph.model.LabelCodec;
import io.quakegraph.model.Labels;
import io.quakegraph.model.ModelSpec;
import io.quakegraph.stream.Associator;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The head's training data, computed once: for each training event, graphs at several cut times,
 * each with every station's embedding from a frozen encoder, its log peak, coordinates, live flag
 * and {@link io.quakegraph.model.PickFeatures}, and the graph's normalised targets.
 *
 * <p>Why a cache: the encoder is most of a training step's compute, and a station's embedding
 * depends on its own window alone, so an embedding computed once serves every dropout and subset of
 * the graph it belongs to (dropping a station is masking its node). Simulation and the causal
 * trigger replay are the other costs, paid once here as well.
 *
 * <p>Files: one {@code chunk-NNNNN.bin} per {@value #CHUNK_EVENTS} events, written to a temporary
 * name and moved into place, so an interrupted build resumes at the first missing chunk; {@code
 * cache.json} records what the cache was made from and a cache made from something else is refused.
 * Cut times are stratified on a log scale over the regime and drawn from a generator seeded by the
 * event index, so the same config gives the same cache.
 */
public final class EmbeddingCache {
  /**
   * Which onsets the cached pick features see: the stream's trigger, without onsets that lie more
   * than 10 s before the event's first associated onset ({@link StreamOnsets#featureOnsets}), as
   * the head gives them. Part of the cache's identity: caches made before this rule are refused,
   * not mixed in.
   */
  static final String ONSETS = "stream-trigger, from 10 s before the event";

  /** Events per chunk file. */
  public static final int CHUNK_EVENTS = 25;

  private static final int MAGIC = 0x51474543; // "QGEC"
  private static final int FORMAT = 1;

  /**
   * One cached graph.
   *
   * @param eventIndex index of the event in the training stream
   * @param cutMicros cut time
   * @param cutAfterFirstPS cut minus the first P of the event, s
   * @param stations N
   * @param targets normalised targets (5)
   * @param embeddings {@code [N, E]}
   * @param logPeak {@code [N]}
   * @param coords {@code [N, 3]}
   * @param live {@code [N]}
   * @param picks {@code [N, P]}
   */
  public record Graph(
      long eventIndex,
      long cutMicros,
      float cutAfterFirstPS,
      int stations,
      float[] targets,
      float[] embeddings,
      float[] logPeak,
      float[] coords,
      float[] live,
      float[] picks) {}

  private EmbeddingCache() {}

  /**
   * Builds the missing chunks of the cache in {@code dir} (two workers) and returns every graph.
   *
   * @param identity what the cache is made of (config and encoder), compared with {@code
   *     cache.json}
   */
  public static List<Graph> buildOrLoad(
      Path dir,
      String identity,
      EventSupplier events,
      GraphModel encoderModel,
      ModelSpec featureSpec,
      TrainConfig.RegimeConfig regime,
      int eventCount,
      int cutsPerEvent,
      long seed,
      PrintStream log)
      throws IOException {
    Files.createDirectories(dir);
    Path id = dir.resolve("cache.json");
    if (Files.exists(id)) {
      if (!Files.readString(id).equals(identity)) {
        throw new IllegalArgumentException(
            "the embedding cache in "
                + dir
                + " was made from another config or encoder; delete it or give another --cache");
      }
    } else {
      Files.writeString(id, identity);
    }
    int chunks = (eventCount + CHUNK_EVENTS - 1) / CHUNK_EVENTS;
    LabelCodec codec = new LabelCodec(featureSpec.frame());
    ExecutorService pool = Executors.newFixedThreadPool(2);
    long t0 = System.nanoTime();
    int built = 0;
    int missing = 0;
    for (int c = 0; c < chunks; c++) {
      missing += Files.exists(chunkFile(dir, c)) ? 0 : 1;
    }
    try {
      for (int c = 0; c < chunks; c++) {
        Path f = chunkFile(dir, c);
        if (Files.exists(f)) {
          continue;
        }
        List<Future<List<Graph>>> futures = new ArrayList<>();
        for (long e = (long) c * CHUNK_EVENTS;
            e < Math.min(eventCount, (long) (c + 1) * CHUNK_EVENTS);
            e++) {
          final long idx = e;
          futures.add(
              pool.submit(
                  () ->
                      graphsOf(
                          idx,
                          events.event(idx),
                          encoderModel,
                          featureSpec,
                          codec,
                          regime,
                          cutsPerEvent,
                          seed)));
        }
        List<Graph> graphs = new ArrayList<>();
        for (Future<List<Graph>> fu : futures) {
          graphs.addAll(fu.get());
        }
        write(f, graphs, featureSpec);
        built++;
        double s = (System.nanoTime() - t0) / 1e9;
        log.printf(
            Locale.ROOT,
            "cache: chunk %d/%d (%d graphs) in %s; %.2f events/s, ETA %.0f s%n",
            c + 1,
            chunks,
            graphs.size(),
            dir,
            built * CHUNK_EVENTS / s,
            (missing - built) * s / built);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("cache build interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IOException("cache build failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    List<Graph> all = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      all.addAll(read(chunkFile(dir, c), featureSpec));
    }
    return all;
  }

  /** The graphs of one event: {@code cuts} cut times, log-stratified over the regime. */
  static List<Graph> graphsOf(
      long index,
      EventSample s,
      GraphModel encoderModel,
      ModelSpec featureSpec,
      LabelCodec codec,
      TrainConfig.RegimeConfig regime,
      int cuts,
      long seed) {
    SplittableRandom rng = new SplittableRandom(SyntheticEvents.mix(seed ^ 0xCAC4EL, index));
    StreamOnsets onsets = new StreamOnsets(s, featureSpec.windowSamples(), Associator.defaults());
    double lo = Math.log(regime.minCutAfterPS());
    double hi = Math.log(regime.maxCutAfterPS());
    List<Graph> out = new ArrayList<>(cuts);
    for (int k = 0; k < cuts; k++) {
      double after = Math.exp(lo + (k + rng.nextDouble()) * (hi - lo) / cuts);
      GraphDraw d = GraphDraw.cutAfterFirstP(s, after, index);
      GraphInput in =
          GraphFeatures.build(
              s,
              d.cutMicros(),
              featureSpec,
              featureSpec.usesPicks() ? onsets.featureOnsets(d.cutMicros()) : null);
      out.add(
          new Graph(
              index,
              d.cutMicros(),
              (float) d.cutAfterFirstPS(),
              in.stations(),
              codec.encode(Labels.of(s, d.cutMicros())),
              embed(encoderModel, in),
              in.logPeak(),
              in.coords(),
              in.live(),
              in.picks()));
    }
    return out;
  }

  /** {@code [N, E]} embeddings of the live stations (zero rows for the others). */
  static float[] embed(GraphModel model, GraphInput in) {
    int n = in.stations();
    int e = model.spec().embeddingDim();
    int w = in.windowSamples();
    float[] emb = new float[n * e];
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (in.live()[i] > 0) {
        rows.add(i);
      }
    }
    if (rows.isEmpty()) {
      return emb;
    }
    float[] wave = new float[rows.size() * 3 * w];
    for (int k = 0; k < rows.size(); k++) {
      System.arraycopy(in.waveforms(), rows.get(k) * 3 * w, wave, k * 3 * w, 3 * w);
    }
    try (NDManager m = model.manager().newSubManager()) {
      NDArray y = model.encode(m.create(wave, new Shape(rows.size(), 3, w)));
      float[] out = y.toFloatArray();
      for (int k = 0; k < rows.size(); k++) {
        System.arraycopy(out, k * e, emb, rows.get(k) * e, e);
      }
    }
    return emb;
  }

  static Path chunkFile(Path dir, int chunk) {
    return dir.resolve(String.format(Locale.ROOT, "chunk-%05d.bin", chunk));
  }

  static void write(Path f, List<Graph> graphs, ModelSpec spec) throws IOException {
    Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
    try (DataOutputStream out =
        new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT);
      out.writeInt(graphs.size());
      for (Graph g : graphs) {
        out.writeLong(g.eventIndex());
        out.writeLong(g.cutMicros());
        out.writeFloat(g.cutAfterFirstPS());
        out.writeInt(g.stations());
        writeFloats(out, g.targets());
        writeFloats(out, g.embeddings());
        writeFloats(out, g.logPeak());
        writeFloats(out, g.coords());
        writeFloats(out, g.live());
        writeFloats(out, g.picks());
      }
    }
    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  static List<Graph> read(Path f, ModelSpec spec) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1 << 16))) {
      if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
        throw new IOException(f + " is not an embedding cache chunk of format " + FORMAT);
      }
      int count = in.readInt();
      List<Graph> out = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        long ev = in.readLong();
        long cut = in.readLong();
        float after = in.readFloat();
        int n = in.readInt();
        out.add(
            new Graph(
                ev,
                cut,
                after,
                n,
                readFloats(in),
                readFloats(in),
                readFloats(in),
                readFloats(in),
                readFloats(in),
                readFloats(in)));
      }
      return out;
    }
  }

  private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
    out.writeInt(a.length);
    for (float v : a) {
      out.writeFloat(v);
    }
  }

  private static float[] readFloats(DataInputStream in) throws IOException {
    float[] a = new float[in.readInt()];
    for (int i = 0; i < a.length; i++) {
      a[i] = in.readFloat();
    }
    return a;
  }
}
