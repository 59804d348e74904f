package io.quakegraph.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quakegraph.model.GaussianNll;
import io.quakegraph.model.GraphFeatures;
import io.quakegraph.model.GraphModel;
import io.quakegraph.model.LabelCodec;
import io.quakegraph.model.ModelSpec;
import io.quakegraph.model.Stgnn;
import io.quakegraph.ops.Folders;
import io.quakegraph.synth.SyntheticNetwork;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The second stage of staged training: the graph head alone, on graphs from an {@link
 * EmbeddingCache}, with the encoder of an already trained model frozen inside the new model (so the
 * exported model is whole).
 *
 * <p>Each step draws {@code batchSize} cached graphs with a generator seeded by {@code (seed,
 * step)}; each graph keeps a random subset of its stations and drops a random share of the rest, as
 * {@link GraphDraw#training} does, by masking nodes. Loss: the Gaussian NLL with the config's depth
 * weight. A checkpoint holds the model, the Adam moments of the head, the step and the loss rows,
 * so {@code --resume} continues exactly; the validation loss on held-out events is logged at each
 * checkpoint.
 */
public final class HeadTrainer implements AutoCloseable {
  static final String STATE_FILE = "state.json";
  static final String LOSS_FILE = "losses.csv";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final TrainConfig config;
  private final GraphModel model;
  private final AdamOptimizer optimiser;
  private final LearningRateSchedule schedule;
  private final List<EmbeddingCache.Graph> train;
  private final List<EmbeddingCache.Graph> validation;
  private final Path checkpointDir;
  private final PrintStream log;
  private final float[] weights;
  private final List<String> lossRows = new ArrayList<>();
  private AdamOptimizer.StepResult last = new AdamOptimizer.StepResult(Double.NaN, 1, false);
  private long step;
  private double priorSeconds;

  private HeadTrainer(
      TrainConfig config,
      GraphModel model,
      List<EmbeddingCache.Graph> train,
      List<EmbeddingCache.Graph> validation,
      Path checkpointDir,
      PrintStream log) {
    this.config = config;
    this.model = model;
    List<Parameter> head = new ArrayList<>(model.head().getParameters().values());
    head.forEach(p -> p.getArray().setRequiresGradient(true));
    this.optimiser = new AdamOptimizer(head, model.manager(), config.optimiser());
    this.schedule = new LearningRateSchedule(config.optimiser(), config.steps());
    this.train = List.copyOf(train);
    this.validation = List.copyOf(validation);
    this.checkpointDir = checkpointDir;
    this.log = log;
    this.weights = new float[] {1f, 1f, (float) config.staged().depthWeight(), 1f, 1f};
  }

  /**
   * Opens a run: builds (or completes) the cache, then a new model with the frozen encoder of
   * {@code staged.encoder} and a fresh head, or the checkpointed one with {@code resume}.
   */
  public static HeadTrainer open(
      TrainConfig config,
      SyntheticNetwork network,
      ModelSpec featureSpec,
      Path cacheDir,
      Path checkpointDir,
      boolean resume,
      PrintStream log)
      throws IOException {
    TrainConfig.StagedConfig st = config.staged();
    Path encoderDir = Path.of(st.encoder());
    List<EmbeddingCache.Graph> train = new ArrayList<>();
    List<EmbeddingCache.Graph> validation = new ArrayList<>();
    try (GraphModel encoder = GraphModel.load(encoderDir)) {
      if (encoder.spec().windowSamples() != featureSpec.windowSamples()
          || encoder.spec().embeddingDim() != featureSpec.embeddingDim()) {
        throw new IllegalArgumentException(
            "the encoder of " + encoderDir + " does not match the config's window and embedding");
      }
      String sha = sha256(encoderDir.resolve("encoder.params"));
      cache(
          config,
          config.data(),
          st.events(),
          network,
          encoder,
          sha,
          featureSpec,
          cacheDir,
          log,
          train,
          validation);
      if (st.idealEvents() > 0) {
        cache(
            config,
            config.data().idealCompanion(),
            st.idealEvents(),
            network,
            encoder,
            sha,
            featureSpec,
            cacheDir.resolve("ideal"),
            log,
            train,
            validation);
      }
    }
    boolean fromCheckpoint =
        resume && checkpointDir != null && Files.isRegularFile(checkpointDir.resolve(STATE_FILE));
    if (resume && !fromCheckpoint) {
      log.println("train: --resume but no checkpoint in " + checkpointDir + "; starting fresh");
    }
    GraphModel model;
    long step = 0;
    double seconds = 0;
    List<String> rows = new ArrayList<>();
    if (fromCheckpoint) {
      ObjectNode state = (ObjectNode) JSON.readTree(checkpointDir.resolve(STATE_FILE).toFile());
      TrainConfig saved = TrainConfig.parse(state.get("config").toString());
      if (!Trainer.sameRun(saved, config)) {
        throw new IllegalArgumentException(
            "the checkpoint in "
                + checkpointDir
                + " was made with another config (only steps, checkpointEvery and logEvery may"
                + " change on resume)");
      }
      step = state.get("step").asLong();
      seconds = state.path("elapsedSeconds").asDouble();
      model = GraphModel.load(checkpointDir.resolve(Learner.MODEL_DIR));
      rows.addAll(Trainer.lossRowsBefore(checkpointDir.resolve(LOSS_FILE), step));
    } else {
      model = Stgnn.create(featureSpec);
      Path tmp = Files.createTempDirectory("qg-encoder");
      try {
        // the new model's encoder is the trained one: copy its parameters file in and reload
        model.save(tmp);
        Files.copy(
            encoderDir.resolve("encoder.params"),
            tmp.resolve("encoder.params"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        model.close();
        model = GraphModel.load(tmp);
      } finally {
        Folders.deleteTree(tmp);
      }
      try (GraphModel source = GraphModel.load(encoderDir)) {
        int copied = startFrom(model, source);
        log.printf(
            Locale.ROOT,
            "train: staged: head starts from %s's head (%d parameter arrays; the pick feature"
                + " inputs start at zero)%n",
            encoderDir,
            copied);
      }
    }
    HeadTrainer t = new HeadTrainer(config, model, train, validation, checkpointDir, log);
    if (fromCheckpoint) {
      try (InputStream in =
          new BufferedInputStream(
              Files.newInputStream(checkpointDir.resolve(Learner.OPTIMISER_FILE)))) {
        t.optimiser.load(in, model.manager());
      }
      log.printf(Locale.ROOT, "train: resumed %s at step %d%n", checkpointDir, step);
    }
    t.step = step;
    t.priorSeconds = seconds;
    t.lossRows.addAll(rows);
    return t;
  }

  /**
   * Builds (or completes) and loads one cache of {@code events} events of {@code data}, adding its
   * graphs to {@code train} and, for the last {@code validationShare} of its events, to {@code
   * validation}.
   */
  private static void cache(
      TrainConfig config,
      TrainConfig.DataConfig data,
      int events,
      SyntheticNetwork network,
      GraphModel encoder,
      String encoderSha,
      ModelSpec featureSpec,
      Path dir,
      PrintStream log,
      List<EmbeddingCache.Graph> train,
      List<EmbeddingCache.Graph> validation)
      throws IOException {
    TrainConfig.StagedConfig st = config.staged();
    String identity = identity(config, data, events, encoderSha, featureSpec);
    log.printf(
        Locale.ROOT,
        "train: staged: embedding cache of %d %s events x %d cuts in %s (encoder %s)%n",
        events,
        data.realism(),
        st.cutsPerEvent(),
        dir,
        st.encoder());
    List<EmbeddingCache.Graph> graphs;
    try (EventSupplier supplier = Trainer.supplier(data, network)) {
      graphs =
          EmbeddingCache.buildOrLoad(
              dir,
              identity,
              supplier,
              encoder,
              featureSpec,
              config.regime(),
              events,
              st.cutsPerEvent(),
              config.seed(),
              log);
    }
    long firstHeldOut = events - Math.round(events * st.validationShare());
    for (EmbeddingCache.Graph g : graphs) {
      (g.eventIndex() < firstHeldOut ? train : validation).add(g);
    }
  }

  /** What a cache is made of; a cache made of anything else is refused. */
  static String identity(
      TrainConfig config,
      TrainConfig.DataConfig data,
      int events,
      String encoderSha,
      ModelSpec featureSpec)
      throws IOException {
    return JSON.writeValueAsString(
        JSON.createObjectNode()
            .put("encoderSha256", encoderSha)
            .put("data", data.toString())
            .put("regime", config.regime().toString())
            .put("events", events)
            .put("cutsPerEvent", config.staged().cutsPerEvent())
            .put("seed", config.seed())
            .put("spec", featureSpec.toString())
            .put("onsets", EmbeddingCache.ONSETS));
  }

  static String sha256(Path file) throws IOException {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      return java.util.HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Starts the new head from a trained one of the same shape where it can: arrays of equal shape
   * are copied; a weight of the first layers that takes the node features, wider by the pick
   * features (appended last to the node features), gets the trained columns and zeros for the new
   * ones. So training begins at the trained model's estimate and learns what the picks add, instead
   * of learning location from scratch. Returns the number of arrays taken over.
   */
  static int startFrom(GraphModel target, GraphModel source) {
    if (!source.kind().equals(target.kind())) {
      return 0;
    }
    var from = source.head().getParameters();
    int copied = 0;
    for (var p : target.head().getParameters()) {
      ai.djl.nn.Parameter src = from.get(p.getKey());
      if (src == null) {
        continue;
      }
      NDArray to = p.getValue().getArray();
      NDArray in = src.getArray();
      long[] ts = to.getShape().getShape();
      long[] ss = in.getShape().getShape();
      float[] values = in.toFloatArray();
      if (java.util.Arrays.equals(ts, ss)) {
        to.set(values);
        copied++;
      } else if (ts.length == 2 && ss.length == 2 && ts[0] == ss[0] && ts[1] > ss[1]) {
        float[] wide = new float[(int) (ts[0] * ts[1])];
        for (int r = 0; r < ts[0]; r++) {
          System.arraycopy(values, (int) (r * ss[1]), wide, (int) (r * ts[1]), (int) ss[1]);
        }
        to.set(wide);
        copied++;
      }
    }
    return copied;
  }

  /** Runs to step {@code endStep} (exclusive), checkpointing on the way and at the end. */
  public void runUntil(long endStep) throws IOException {
    log.printf(
        Locale.ROOT,
        "train: head on cached embeddings: %d training graphs, %d validation graphs; batch %d,"
            + " steps %d, depth weight %.1f%n",
        train.size(),
        validation.size(),
        config.batchSize(),
        config.steps(),
        config.staged().depthWeight());
    TrainingProgress progress = new TrainingProgress(step, config.steps());
    while (step < endStep) {
      double loss = trainStep();
      progress.add(loss);
      if (step % config.logEvery() == 0 || step == endStep) {
        log.println(
            progress.line(
                step,
                progress.takeMean(),
                schedule.at(step - 1),
                last.gradientNorm(),
                config.batchSize(),
                0,
                ""));
      }
      if (checkpointDir != null && (step % config.checkpointEvery() == 0 || step == endStep)) {
        double val = validationLoss();
        log.printf(Locale.ROOT, "train: step %d validation loss %.4f%n", step, val);
        lossRows.set(lossRows.size() - 1, lossRows.get(lossRows.size() - 1) + val);
        checkpoint(progress.elapsedSeconds());
      }
    }
  }

  /** One Adam step of the head on a batch of cached graphs; the batch loss before the update. */
  public double trainStep() {
    SplittableRandom rng = new SplittableRandom(SyntheticEvents.mix(config.seed(), step));
    List<EmbeddingCache.Graph> batch = new ArrayList<>(config.batchSize());
    List<boolean[]> keep = new ArrayList<>(config.batchSize());
    for (int j = 0; j < config.batchSize(); j++) {
      EmbeddingCache.Graph g = train.get(rng.nextInt(train.size()));
      batch.add(g);
      keep.add(augment(g, rng.split()));
    }
    long torchSeed = SyntheticEvents.mix(config.seed() ^ 0x7EA1L, step);
    Engine.getInstance().setRandomSeed((int) (torchSeed ^ (torchSeed >>> 32)));
    double loss;
    try (NDManager sub = model.manager().newSubManager()) {
      NDList in = arrays(sub, batch, keep);
      NDArray targets = targets(sub, batch);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray out =
            model
                .head()
                .forward(new ParameterStore(model.manager(), false), in, true)
                .singletonOrThrow();
        NDArray l = GaussianNll.nll(out, targets, weights);
        gc.backward(l);
        loss = l.getFloat();
      }
      last = optimiser.step(schedule.at(step));
    }
    lossRows.add(
        String.format(
            Locale.ROOT, "%d,%.6f,%.4f,%.3e,", step, loss, last.gradientNorm(), schedule.at(step)));
    step++;
    return loss;
  }

  /** Mean loss over the held-out graphs (every station kept), in batches. */
  public double validationLoss() {
    if (validation.isEmpty()) {
      return Double.NaN;
    }
    double sum = 0;
    int n = 0;
    int b = 32;
    for (int i = 0; i < validation.size(); i += b) {
      List<EmbeddingCache.Graph> batch = validation.subList(i, Math.min(validation.size(), i + b));
      List<boolean[]> keep = new ArrayList<>();
      for (EmbeddingCache.Graph g : batch) {
        boolean[] k = new boolean[g.stations()];
        java.util.Arrays.fill(k, true);
        keep.add(k);
      }
      try (NDManager sub = model.manager().newSubManager()) {
        NDArray out =
            model
                .head()
                .forward(
                    new ParameterStore(model.manager(), false), arrays(sub, batch, keep), false)
                .singletonOrThrow();
        sum += GaussianNll.nll(out, targets(sub, batch), weights).getFloat() * batch.size();
        n += batch.size();
      }
    }
    return sum / n;
  }

  /** The stations a training graph keeps, as {@link GraphDraw#training} keeps them. */
  private boolean[] augment(EmbeddingCache.Graph g, SplittableRandom rng) {
    boolean[] keep = new boolean[g.stations()];
    for (int i : GraphDraw.trainingStations(g.stations(), config.augment(), rng)) {
      keep[i] = true;
    }
    return keep;
  }

  private NDList arrays(NDManager m, List<EmbeddingCache.Graph> batch, List<boolean[]> keep) {
    ModelSpec spec = model.spec();
    int e = spec.embeddingDim();
    int p = spec.pickFeatures();
    int b = batch.size();
    int n = 1;
    for (EmbeddingCache.Graph g : batch) {
      n = Math.max(n, g.stations());
    }
    float[] emb = new float[b * n * e];
    float[] lp = new float[b * n];
    float[] xyz = new float[b * n * 3];
    float[] lv = new float[b * n];
    float[] pk = new float[b * n * p];
    java.util.Arrays.fill(lp, GraphFeatures.LOG_PEAK_FLOOR);
    for (int j = 0; j < b; j++) {
      EmbeddingCache.Graph g = batch.get(j);
      boolean[] k = keep.get(j);
      for (int i = 0; i < g.stations(); i++) {
        int node = j * n + i;
        System.arraycopy(g.coords(), 3 * i, xyz, 3 * node, 3);
        if (!k[i] || !(g.live()[i] > 0)) {
          continue;
        }
        System.arraycopy(g.embeddings(), i * e, emb, node * e, e);
        lp[node] = g.logPeak()[i];
        lv[node] = 1f;
        System.arraycopy(g.picks(), i * p, pk, node * p, p);
      }
    }
    NDList l =
        new NDList(
            m.create(emb, new Shape(b, n, e)),
            m.create(lp, new Shape(b, n, 1)),
            m.create(xyz, new Shape(b, n, 3)),
            m.create(lv, new Shape(b, n)));
    if (p > 0) {
      l.add(m.create(pk, new Shape(b, n, p)));
    }
    return l;
  }

  private static NDArray targets(NDManager m, List<EmbeddingCache.Graph> batch) {
    float[] t = new float[batch.size() * LabelCodec.TARGETS];
    for (int j = 0; j < batch.size(); j++) {
      System.arraycopy(batch.get(j).targets(), 0, t, j * LabelCodec.TARGETS, LabelCodec.TARGETS);
    }
    return m.create(t, new Shape(batch.size(), LabelCodec.TARGETS));
  }

  /** Writes a checkpoint into a fresh folder and swaps it in (a kill never leaves half of one). */
  public void checkpoint(double sessionSeconds) throws IOException {
    ObjectNode state = JSON.createObjectNode();
    state.put("step", step);
    state.put("steps", config.steps());
    state.put("seed", config.seed());
    state.put("elapsedSeconds", priorSeconds + sessionSeconds);
    state.put("stage", "head on cached embeddings of " + config.staged().encoder());
    state.put("trainingGraphs", train.size());
    state.put("validationGraphs", validation.size());
    state.set("config", JSON.readTree(config.toJson()));
    Trainer.swapIn(
        checkpointDir,
        tmp -> {
          model.save(tmp.resolve(Learner.MODEL_DIR));
          try (OutputStream out =
              new BufferedOutputStream(
                  Files.newOutputStream(tmp.resolve(Learner.OPTIMISER_FILE)))) {
            optimiser.save(out);
          }
          JSON.writeValue(tmp.resolve(STATE_FILE).toFile(), state);
          List<String> all = new ArrayList<>();
          all.add("step,loss,grad_norm,lr,validation_loss");
          all.addAll(lossRows);
          Files.write(tmp.resolve(LOSS_FILE), all);
        });
    log.printf(Locale.ROOT, "train: checkpoint at step %d -> %s%n", step, checkpointDir);
  }

  public GraphModel model() {
    return model;
  }

  public long step() {
    return step;
  }

  @Override
  public void close() {
    model.close();
  }
}
