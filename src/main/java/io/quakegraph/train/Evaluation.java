package io.quakegraph.train;

import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.ProgressMeter;
import io.quakegraph.model.Estimate;
import io.quakegraph.model.SourceEstimator;
import io.quakegraph.model.classical.PickBasedEstimator;
import io.quakegraph.model.fusion.FusedEstimator;
import io.quakegraph.stream.Associator;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs every method on the very same graphs of a fixed event set: each event is simulated (or read)
 * once; for each dropout level a seeded random set of stations is dropped, and every method
 * estimates the source at each time after the first P.
 *
 * <p>Times are measured from the first P arrival at any station of the whole network, the same
 * instant for every dropout level, so the levels compare the same moment with fewer stations (with
 * stations dropped, the first P among the remaining ones may come later, and at the earliest times
 * none of them may have been reached yet). The dropped stations of event {@code i} at level {@code
 * k} are drawn with {@code SplittableRandom(mix(seed ^ 0xD809, 16 i + k))}.
 */
public final class Evaluation {
  /** Times after the first P, s. */
  public static final double[] TIMES = {0.5, 1, 2, 4, 8, 16, 25};

  /** Fractions of stations dropped. */
  public static final double[] DROPOUTS = {0, 0.25, 0.5};

  private final List<LearnedEvaluator> learned;
  private final List<SourceEstimator> estimators;
  private final FusedEstimator fused;
  private final Associator association;
  private final double[] times;
  private final double[] dropouts;
  private final long seed;
  private final java.util.Map<String, Double> seconds = new java.util.LinkedHashMap<>();

  /**
   * @param learned learned models (run with shared encoder work)
   * @param estimators classical methods (one instance each; not shared across threads)
   * @param seed seed of the dropout draws (the evaluation set's seed)
   */
  public Evaluation(
      List<LearnedEvaluator> learned,
      List<SourceEstimator> estimators,
      double[] times,
      double[] dropouts,
      long seed) {
    this(learned, null, estimators, times, dropouts, seed);
  }

  /**
   * @param fused the {@code fused} method, with the first learned model's estimate of each graph as
   *     its prior (null: none)
   */
  public Evaluation(
      List<LearnedEvaluator> learned,
      FusedEstimator fused,
      List<SourceEstimator> estimators,
      double[] times,
      double[] dropouts,
      long seed) {
    this(learned, fused, estimators, times, dropouts, seed, Associator.defaults());
  }

  /**
   * @param association the job's association, which forms the events whose onsets the model and the
   *     fusion see (a sparse network's job opens events on fewer triggers)
   */
  public Evaluation(
      List<LearnedEvaluator> learned,
      FusedEstimator fused,
      List<SourceEstimator> estimators,
      double[] times,
      double[] dropouts,
      long seed,
      Associator association) {
    this.association = association;
    if (fused != null && learned.isEmpty()) {
      throw new IllegalArgumentException("the fused method needs a learned model as its prior");
    }
    this.fused = fused;
    this.learned = List.copyOf(learned);
    this.estimators = List.copyOf(estimators);
    this.times = times.clone();
    this.dropouts = dropouts.clone();
    this.seed = seed;
  }

  /** Method names in table order. */
  public List<String> methods() {
    List<String> m = new ArrayList<>();
    learned.forEach(l -> m.add(l.name()));
    if (fused != null) {
      m.add(FusedEstimator.NAME);
    }
    estimators.forEach(e -> m.add(e.name()));
    return m;
  }

  /** Evaluates events {@code 0..count-1} of {@code feed}; progress lines with rate and ETA. */
  public List<EvalRecord> run(EventFeed feed, long count, PrintStream progress) throws IOException {
    List<EvalRecord> out = new ArrayList<>();
    ProgressMeter meter = new ProgressMeter(progress, count, 15);
    for (long i = 0; i < count; i++) {
      out.addAll(evaluate(feed.get(i), i));
      meter.update(i + 1, "");
    }
    return out;
  }

  /**
   * Evaluates events {@code 0..count-1} of {@code feed} on one thread per worker (each worker its
   * own estimators; learned models may be shared), events taken in order and records returned in
   * event order, so the result is the same as {@link #run} on one worker. The workers' method
   * seconds are summed into the first.
   */
  public static List<EvalRecord> runParallel(
      List<Evaluation> workers, EventFeed feed, long count, PrintStream progress)
      throws IOException {
    if (workers.size() == 1) {
      return workers.get(0).run(feed, count, progress);
    }
    ProgressMeter meter = new ProgressMeter(progress, count, 15);
    @SuppressWarnings("unchecked")
    List<EvalRecord>[] results = new List[(int) count];
    java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(workers.size());
    List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
    for (Evaluation w : workers) {
      futures.add(
          pool.submit(
              () -> {
                for (long i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                  results[(int) i] = w.evaluate(feed.get(i), i);
                  long d = done.incrementAndGet();
                  synchronized (meter) {
                    meter.update(d, "");
                  }
                }
                return null;
              }));
    }
    try {
      for (java.util.concurrent.Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("evaluation interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("evaluation failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    for (Evaluation w : workers.subList(1, workers.size())) {
      w.seconds.forEach((k, v) -> workers.get(0).seconds.merge(k, v, Double::sum));
    }
    List<EvalRecord> out = new ArrayList<>();
    for (List<EvalRecord> r : results) {
      out.addAll(r);
    }
    return out;
  }

  /**
   * What the job would publish for {@code event} at each cut, computed as the evaluation computes
   * it: the first learned model's estimate of the whole network's graph, and the fused estimate
   * with the stream's onsets ({@link StreamOnsets}).
   *
   * @param network the model's own estimate (the fusion's prior)
   * @param fused the fused estimate
   */
  public record Published(Estimate network, Estimate fused) {}

  /** {@link Published} for {@code event} at each of {@code cutMicros}. */
  public List<Published> published(EventSample event, long[] cutMicros) {
    if (fused == null) {
      throw new IllegalStateException("this evaluation has no fused method");
    }
    LearnedEvaluator model = learned.get(0);
    int[] all = all(event.stations().size());
    List<LearnedEvaluator.Graph> graphs = new ArrayList<>();
    for (long cut : cutMicros) {
      graphs.add(new LearnedEvaluator.Graph(all, cut));
    }
    StreamOnsets onsets =
        new StreamOnsets(event, model.model().spec().windowSamples(), association);
    List<Estimate> priors = model.estimate(event, graphs, onsets::featureOnsets);
    List<Published> out = new ArrayList<>();
    for (int t = 0; t < cutMicros.length; t++) {
      Estimate prior = priors.get(t);
      out.add(
          new Published(
              prior, fused.estimate(event, cutMicros[t], prior, onsets.at(cutMicros[t]))));
    }
    return out;
  }

  /**
   * The stream's onsets of the whole event for a model's window (models with the same window share
   * the trigger replay). A graph that drops stations keeps the onsets the whole network's
   * association gives its stations.
   */
  private StreamOnsets streamOnsets(
      Map<Integer, StreamOnsets> byWindow, EventSample event, LearnedEvaluator model) {
    return byWindow.computeIfAbsent(
        model.model().spec().windowSamples(), w -> new StreamOnsets(event, w, association));
  }

  /** Every method on every (dropout, time) graph of one event. */
  public List<EvalRecord> evaluate(EventSample event, long index) {
    int n = event.stations().size();
    double firstP = GraphDraw.firstP(event);
    double windowS = event.samples() / event.sampleRate();
    long[] cuts = new long[times.length];
    for (int t = 0; t < times.length; t++) {
      double cutS = Math.min(firstP + times[t], windowS);
      cuts[t] = event.windowStartMicros() + Math.round(cutS * 1e6);
    }
    int[][] kept = new int[dropouts.length][];
    for (int k = 0; k < dropouts.length; k++) {
      SplittableRandom rng =
          new SplittableRandom(SyntheticEvents.mix(seed ^ 0xD809L, 16 * index + k));
      kept[k] = dropouts[k] == 0 ? all(n) : GraphDraw.kept(n, dropouts[k], rng);
    }
    List<EvalRecord> out = new ArrayList<>();
    List<Estimate> priors = null;
    Map<Integer, StreamOnsets> stream = new HashMap<>();
    for (LearnedEvaluator l : learned) {
      long t0 = System.nanoTime();
      StreamOnsets onsets = streamOnsets(stream, event, l);
      List<LearnedEvaluator.Graph> graphs = new ArrayList<>();
      for (int k = 0; k < dropouts.length; k++) {
        for (long cut : cuts) {
          graphs.add(new LearnedEvaluator.Graph(kept[k], cut));
        }
      }
      List<Estimate> est = l.estimate(event, graphs, onsets::featureOnsets);
      if (priors == null) {
        priors = est;
      }
      int j = 0;
      for (int k = 0; k < dropouts.length; k++) {
        for (int t = 0; t < times.length; t++) {
          out.add(record(l.name(), event, k, t, cuts[t], kept[k].length, est.get(j++)));
        }
      }
      seconds.merge(l.name(), (System.nanoTime() - t0) / 1e9, Double::sum);
    }
    if (fused != null) {
      long t0 = System.nanoTime();
      int j = 0;
      for (int k = 0; k < dropouts.length; k++) {
        EventSample view = dropouts[k] == 0 ? event : GraphDraw.subset(event, kept[k]);
        StreamOnsets whole = streamOnsets(stream, event, learned.get(0));
        StreamOnsets onsets =
            k == 0
                ? whole
                : new StreamOnsets(view, whole.trigger().subset(view, kept[k]), association);
        for (int t = 0; t < times.length; t++) {
          Estimate e = fused.estimate(view, cuts[t], priors.get(j++), onsets.at(cuts[t]));
          out.add(record(FusedEstimator.NAME, event, k, t, cuts[t], kept[k].length, e));
        }
      }
      seconds.merge(FusedEstimator.NAME, (System.nanoTime() - t0) / 1e9, Double::sum);
    }
    for (SourceEstimator e : estimators) {
      long t0 = System.nanoTime();
      for (int k = 0; k < dropouts.length; k++) {
        EventSample view = dropouts[k] == 0 ? event : GraphDraw.subset(event, kept[k]);
        List<Estimate> est;
        if (e instanceof PickBasedEstimator p) {
          est = p.estimateAll(view, cuts);
        } else {
          est = new ArrayList<>();
          for (long cut : cuts) {
            est.add(e.estimate(view, cut));
          }
        }
        for (int t = 0; t < times.length; t++) {
          out.add(record(e.name(), event, k, t, cuts[t], kept[k].length, est.get(t)));
        }
      }
      seconds.merge(e.name(), (System.nanoTime() - t0) / 1e9, Double::sum);
    }
    return out;
  }

  private EvalRecord record(
      String method, EventSample event, int k, int t, long cut, int stations, Estimate e) {
    return new EvalRecord(
        method,
        event.eventId(),
        dropouts[k],
        times[t],
        cut,
        stations,
        event.truth().origin(),
        event.truth().magnitude(),
        e);
  }

  private static int[] all(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  /** Wall seconds spent in each method so far (the simulation runs on the feed's threads). */
  public java.util.Map<String, Double> secondsByMethod() {
    return java.util.Collections.unmodifiableMap(seconds);
  }

  /** A one-line description of the settings. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "methods %s; times after first P %s s; dropouts %s; dropout seed %d",
        methods(),
        java.util.Arrays.toString(times),
        java.util.Arrays.toString(dropouts),
        seed);
  }
}
