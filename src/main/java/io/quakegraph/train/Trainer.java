package io.quakegraph.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quakegraph.dataset.EventSample;
import io.quakegraph.dataset.ModelInputSpec;
import io.quakegraph.model.GraphFeatures;
import io.quakegraph.model.GraphInput;
import io.quakegraph.model.Labels;
import io.quakegraph.model.ModelSpec;
import io.quakegraph.ops.Folders;
import io.quakegraph.synth.SyntheticNetwork;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The early-warning training loop: each step draws {@code batchSize} graphs (event from the {@link
 * EventPool}, random station subset and dropout, cut time after the first P) with a random
 * generator seeded by {@code (seed, step)}, builds their features, and takes one clipped Adam step
 * of the model (and, every {@code baseline.every}-th step, of the baseline on the same graphs).
 *
 * <p>Deterministic for a seed: the graphs of step {@code s} depend only on the seed and {@code s}
 * (the pool's contents are a function of {@code s}, events are simulated by index), the engine's
 * random generator is reseeded every step, and a checkpoint holds the parameters, the Adam moments
 * and the step, so {@code --resume} continues exactly where an uninterrupted run would be.
 */
public final class Trainer implements AutoCloseable {
  static final String STATE_FILE = "state.json";
  static final String LOSS_FILE = "losses.csv";
  static final String BASELINE_DIR = "baseline";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final TrainConfig config;
  private final EventFeed feed;
  private final EventPool pool;
  private final Learner main;
  private final Learner baseline;
  private final ModelSpec featureSpec;
  private final Path checkpointDir;
  private final PrintStream log;
  private final List<String> lossRows = new ArrayList<>();
  private final List<Double> losses = new ArrayList<>();
  private final String description;
  private long step;
  private double priorSeconds;
  private long priorEvents;

  private Trainer(
      TrainConfig config,
      EventFeed feed,
      Learner main,
      Learner baseline,
      Path checkpointDir,
      PrintStream log,
      String description) {
    this.config = config;
    this.feed = feed;
    this.pool = new EventPool(feed, config.pool().events(), config.pool().stepsPerNewEvent());
    this.main = main;
    this.baseline = baseline;
    this.featureSpec = main.model().spec();
    this.checkpointDir = checkpointDir;
    this.log = log;
    this.description = description;
  }

  /**
   * Opens a run: builds the network and the event stream of the config, and either fresh models or
   * (with {@code resume} and a checkpoint in {@code checkpointDir}) the checkpointed ones.
   *
   * @param stationFile the station file when the config names none
   * @param checkpointDir where checkpoints go (and come from with {@code resume}); null for none
   */
  public static Trainer open(
      TrainConfig config, Path stationFile, Path checkpointDir, boolean resume, PrintStream log)
      throws IOException {
    SyntheticNetwork network = network(config, stationFile);
    EventSupplier supplier = supplier(config, network);
    EventFeed feed =
        new EventFeed(supplier, config.pool().prefetchThreads(), config.pool().prefetchAhead());
    int baselineSteps =
        config.baseline() == null
            ? 0
            : (config.steps() + config.baseline().every() - 1) / config.baseline().every();
    Learner main;
    Learner base = null;
    long step = 0;
    double seconds = 0;
    long events = 0;
    List<String> rows = new ArrayList<>();
    boolean fromCheckpoint =
        resume && checkpointDir != null && Files.isRegularFile(checkpointDir.resolve(STATE_FILE));
    if (resume && !fromCheckpoint) {
      log.println("train: --resume but no checkpoint in " + checkpointDir + "; starting fresh");
    }
    if (fromCheckpoint) {
      ObjectNode state = (ObjectNode) JSON.readTree(checkpointDir.resolve(STATE_FILE).toFile());
      TrainConfig saved = TrainConfig.parse(state.get("config").toString());
      if (!sameRun(saved, config)) {
        throw new IllegalArgumentException(
            "the checkpoint in "
                + checkpointDir
                + " was made with another config (only steps, checkpointEvery and logEvery may"
                + " change on resume)");
      }
      step = state.get("step").asLong();
      seconds = state.path("elapsedSeconds").asDouble();
      events = state.path("eventsSimulated").asLong();
      main = Learner.load(checkpointDir, config.optimiser(), config.steps());
      if (config.baseline() != null) {
        base = Learner.load(checkpointDir.resolve(BASELINE_DIR), config.optimiser(), baselineSteps);
      }
      rows.addAll(lossRowsBefore(checkpointDir.resolve(LOSS_FILE), step));
      log.printf(Locale.ROOT, "train: resumed %s at step %d%n", checkpointDir, step);
    } else {
      ModelSpec spec = ModelFactory.spec(config.model(), network, config.seed());
      main =
          new Learner(
              ModelFactory.create(config.model().type(), spec), config.optimiser(), config.steps());
      if (config.baseline() != null) {
        ModelSpec bs = ModelFactory.spec(config.baseline().model(), network, config.seed() + 1);
        if (bs.windowSamples() != spec.windowSamples()) {
          throw new IllegalArgumentException("the baseline must use the model's window length");
        }
        base =
            new Learner(
                ModelFactory.create(config.baseline().model().type(), bs),
                config.optimiser(),
                baselineSteps);
      }
    }
    Trainer t = new Trainer(config, feed, main, base, checkpointDir, log, supplier.describe());
    t.step = step;
    t.priorSeconds = seconds;
    t.priorEvents = events;
    t.lossRows.addAll(rows);
    return t;
  }

  /** The training network of a config (its station file, or {@code stationFile}). */
  public static SyntheticNetwork network(TrainConfig config, Path stationFile) throws IOException {
    TrainConfig.DataConfig data = config.data();
    Path stations = data.stations() != null ? Path.of(data.stations()) : stationFile;
    SyntheticNetwork network =
        SyntheticEvents.network(stations, data.network(), data.networkDate(), data.siteSeed());
    if (data.maxStations() > 0) {
      network =
          SyntheticNetwork.build(
              io.quakegraph.synth.StationSelection.nearestToCentre(
                  network.inventory(), data.maxStations()),
              io.quakegraph.seismic.Times.parse(data.networkDate()),
              data.siteSeed());
    }
    return network;
  }

  /** The training events of a config: simulated on {@code network}, or read from its HDF5 file. */
  public static EventSupplier supplier(TrainConfig config, SyntheticNetwork network)
      throws IOException {
    return supplier(config.data(), network);
  }

  /** The events of a data config: simulated on {@code network}, or read from its HDF5 file. */
  public static EventSupplier supplier(TrainConfig.DataConfig data, SyntheticNetwork network)
      throws IOException {
    ModelInputSpec input = SyntheticEvents.inputSpec(data, ModelFactory.SAMPLE_RATE);
    return data.source().equals("hdf5")
        ? new Hdf5EventSupplier(Path.of(data.hdf5()))
        : new SyntheticEvents(network, input, SyntheticEvents.scenario(data), data.trainSeed());
  }

  /** The rows of a checkpoint's loss file for steps before {@code step} (none if no file). */
  static List<String> lossRowsBefore(Path lossFile, long step) throws IOException {
    if (!Files.exists(lossFile)) {
      return List.of();
    }
    try (Stream<String> lines = Files.lines(lossFile)) {
      return lines
          .skip(1)
          .filter(l -> Long.parseLong(l.substring(0, l.indexOf(','))) < step)
          .toList();
    }
  }

  /** Whether a checkpoint of {@code a} may be resumed with {@code b}. */
  static boolean sameRun(TrainConfig a, TrainConfig b) {
    return a.toBuilder()
        .steps(1)
        .checkpointEvery(1)
        .logEvery(1)
        .build()
        .equals(b.toBuilder().steps(1).checkpointEvery(1).logEvery(1).build());
  }

  /** Runs to {@code config.steps()}, with progress lines and checkpoints. */
  public void run() throws IOException {
    runUntil(config.steps());
  }

  /** Runs to step {@code endStep} (exclusive), checkpointing on the way and at the end. */
  public void runUntil(long endStep) throws IOException {
    log.printf(
        Locale.ROOT,
        "train: %s, %d parameters%s; data: %s; batch %d, steps %d, pool %d events (one new every %d"
            + " steps)%n",
        main.model().kind(),
        main.model().parameterCount(),
        baseline == null
            ? ""
            : "; baseline %s, %d parameters, every %d steps"
                .formatted(
                    baseline.model().kind(),
                    baseline.model().parameterCount(),
                    config.baseline().every()),
        description,
        config.batchSize(),
        config.steps(),
        pool.size(),
        config.pool().stepsPerNewEvent());
    long t0 = System.nanoTime();
    pool.advanceTo(step);
    log.printf(
        Locale.ROOT,
        "train: pool of %d events ready in %.1f s%n",
        pool.size(),
        (System.nanoTime() - t0) / 1e9);
    TrainingProgress progress = new TrainingProgress(step, config.steps());
    long eventsAtStart = feed.produced();
    double baseLossMean = Double.NaN;
    double baseSum = 0;
    int baseCount = 0;
    while (step < endStep) {
      double loss = trainStep();
      progress.add(loss);
      if (Double.isFinite(lastBaselineLoss)) {
        baseSum += lastBaselineLoss;
        baseCount++;
      }
      if (step % config.logEvery() == 0 || step == endStep) {
        baseLossMean = baseCount == 0 ? Double.NaN : baseSum / baseCount;
        baseSum = 0;
        baseCount = 0;
        String extra =
            (baseline == null
                    ? ""
                    : String.format(
                        Locale.ROOT, "%s loss %.4f  ", baseline.model().kind(), baseLossMean))
                + takeTimes();
        log.println(
            progress.line(
                step,
                progress.takeMean(),
                main.schedule().at(step - 1),
                main.lastStep().gradientNorm(),
                config.batchSize(),
                feed.produced() - eventsAtStart,
                extra));
      }
      if (checkpointDir != null && (step % config.checkpointEvery() == 0 || step == endStep)) {
        checkpoint(progress.elapsedSeconds(), feed.produced() - eventsAtStart);
      }
    }
  }

  private double lastBaselineLoss = Double.NaN;
  private long dataNanos;
  private long mainNanos;
  private long baseNanos;
  private int timedSteps;

  /** Mean seconds per step in data, model and baseline since the last call, then reset. */
  String takeTimes() {
    int n = Math.max(1, timedSteps);
    String s =
        String.format(
            Locale.ROOT,
            "s/step: data %.2f, %s %.2f%s",
            dataNanos / 1e9 / n,
            main.model().kind(),
            mainNanos / 1e9 / n,
            baseline == null
                ? ""
                : String.format(
                    Locale.ROOT, ", %s %.2f", baseline.model().kind(), baseNanos / 1e9 / n));
    dataNanos = 0;
    mainNanos = 0;
    baseNanos = 0;
    timedSteps = 0;
    return s;
  }

  /** One training step of the model (and of the baseline when its turn); returns the model loss. */
  public double trainStep() throws IOException {
    long t0 = System.nanoTime();
    pool.advanceTo(step);
    List<GraphDraw> draws = draw(step);
    List<GraphInput> inputs = new ArrayList<>(draws.size());
    List<Labels> labels = new ArrayList<>(draws.size());
    for (GraphDraw d : draws) {
      inputs.add(GraphFeatures.build(d.sample(), d.cutMicros(), featureSpec));
      labels.add(Labels.of(d.sample(), d.cutMicros()));
    }
    long torchSeed = SyntheticEvents.mix(config.seed() ^ 0x7EA1L, step);
    long t1 = System.nanoTime();
    double loss = main.step(inputs, labels, step, torchSeed);
    long t2 = System.nanoTime();
    lastBaselineLoss = Double.NaN;
    if (baseline != null && step % config.baseline().every() == 0) {
      lastBaselineLoss =
          baseline.step(inputs, labels, step / config.baseline().every(), torchSeed + 1);
    }
    long t3 = System.nanoTime();
    dataNanos += t1 - t0;
    mainNanos += t2 - t1;
    baseNanos += t3 - t2;
    timedSteps++;
    losses.add(loss);
    lossRows.add(
        String.format(
            Locale.ROOT,
            "%d,%.6f,%.4f,%.3e,%.4f",
            step,
            loss,
            main.lastStep().gradientNorm(),
            main.schedule().at(step),
            lastBaselineLoss));
    step++;
    return loss;
  }

  /** The graphs of step {@code s}: a function of the seed and {@code s} alone. */
  public List<GraphDraw> draw(long s) {
    SplittableRandom rng = new SplittableRandom(SyntheticEvents.mix(config.seed(), s));
    long lo = pool.lowest(s);
    List<GraphDraw> out = new ArrayList<>(config.batchSize());
    for (int j = 0; j < config.batchSize(); j++) {
      long idx = lo + rng.nextInt(pool.size());
      EventSample e = pool.get(idx);
      out.add(GraphDraw.training(e, idx, config.augment(), config.regime(), rng.split()));
    }
    return out;
  }

  /**
   * Writes a checkpoint: into a fresh folder, then swapped in, so a kill never leaves half of one.
   */
  public void checkpoint(double sessionSeconds, long sessionEvents) throws IOException {
    ObjectNode state = JSON.createObjectNode();
    state.put("step", step);
    state.put("steps", config.steps());
    state.put("trainSeed", config.data().trainSeed());
    state.put("evalSeed", config.data().evalSeed());
    state.put("seed", config.seed());
    state.put("elapsedSeconds", priorSeconds + sessionSeconds);
    state.put("eventsSimulated", priorEvents + sessionEvents);
    state.put("data", description);
    state.put(
        "rng",
        "stateless: step s draws with SplittableRandom(mix(seed, s)) and reseeds the engine with"
            + " mix(seed ^ 0x7EA1, s); the pool holds events [s/stepsPerNewEvent, +pool) of the"
            + " trainSeed stream");
    state.set("config", JSON.readTree(config.toJson()));
    swapIn(
        checkpointDir,
        tmp -> {
          main.save(tmp);
          if (baseline != null) {
            baseline.save(tmp.resolve(BASELINE_DIR));
          }
          JSON.writeValue(tmp.resolve(STATE_FILE).toFile(), state);
          List<String> all = new ArrayList<>();
          all.add("step,loss,grad_norm,lr,baseline_loss");
          all.addAll(lossRows);
          Files.write(tmp.resolve(LOSS_FILE), all);
        });
    log.printf(Locale.ROOT, "train: checkpoint at step %d -> %s%n", step, checkpointDir);
  }

  /**
   * Copies a run's records into an exported model folder: {@code train-config.json}, {@code
   * train-state.json} (the checkpoint's state plus the command and the machine) and {@code
   * losses.csv}.
   */
  public static void exportRecords(
      Path checkpointDir, Path modelDir, TrainConfig config, String command) throws IOException {
    Files.writeString(modelDir.resolve("train-config.json"), config.toJson() + "\n");
    Path st = checkpointDir.resolve(STATE_FILE);
    ObjectNode state =
        Files.isRegularFile(st) ? (ObjectNode) JSON.readTree(st.toFile()) : JSON.createObjectNode();
    state.remove("config");
    state.put("command", command);
    state.put("machine", io.quakegraph.ops.Machine.describe());
    JSON.writeValue(modelDir.resolve("train-state.json").toFile(), state);
    Path losses = checkpointDir.resolve(LOSS_FILE);
    if (Files.isRegularFile(losses)) {
      Files.copy(losses, modelDir.resolve(LOSS_FILE), StandardCopyOption.REPLACE_EXISTING);
      LossPlot.write(losses, modelDir.resolve("losses.png"), "Training of " + config.name());
    }
  }

  /** Writes a folder's contents. */
  interface FolderWriter {
    void write(Path dir) throws IOException;
  }

  /**
   * Replaces {@code dir} with what {@code writer} puts into a fresh sibling folder: the new folder
   * is complete before it is moved into place, so a kill never leaves half of a checkpoint.
   */
  static void swapIn(Path dir, FolderWriter writer) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = parent.resolve(dir.getFileName() + ".tmp");
    Path old = parent.resolve(dir.getFileName() + ".old");
    Folders.deleteTree(tmp);
    Files.createDirectories(tmp);
    writer.write(tmp);
    Folders.deleteTree(old);
    if (Files.exists(dir)) {
      Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
    Folders.deleteTree(old);
  }

  /** The step the next {@link #trainStep()} takes. */
  public long step() {
    return step;
  }

  /** Losses of the steps run by this instance. */
  public List<Double> losses() {
    return List.copyOf(losses);
  }

  public Learner main() {
    return main;
  }

  public Learner baseline() {
    return baseline;
  }

  public EventFeed feed() {
    return feed;
  }

  @Override
  public void close() throws IOException {
    feed.close();
    main.close();
    if (baseline != null) {
      baseline.close();
    }
  }
}
