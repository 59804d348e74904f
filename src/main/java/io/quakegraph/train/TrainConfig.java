package io.quakegraph.train;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A training run, read from a JSON file (format in {@code docs/TRAINING.md}, example in {@code
 * config/train-stgnn-socal-v1.json}). Every field has a default, so a config names only what it
 * changes; unknown fields are an error, so a typo never silently falls back to a default.
 *
 * @param name run name: the checkpoint folder and the exported model's folder name
 * @param model the learned model to train
 * @param baseline an optional second model trained on the very same batches (every {@code every} th
 *     batch), or null
 * @param data where events come from
 * @param regime early-warning cut times
 * @param augment station dropout and random station subsets
 * @param pool the in-memory event pool the batches are drawn from
 * @param optimiser Adam, its schedule and gradient clipping
 * @param batchSize graphs (event, cut time) per step
 * @param steps optimiser steps of the model
 * @param seed seed of the parameter initialisation and of every random draw of the sampler
 * @param checkpointEvery steps between checkpoints
 * @param logEvery steps between progress lines
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record TrainConfig(
    String name,
    ModelConfig model,
    BaselineConfig baseline,
    DataConfig data,
    RegimeConfig regime,
    AugmentConfig augment,
    PoolConfig pool,
    OptimiserConfig optimiser,
    int batchSize,
    int steps,
    long seed,
    int checkpointEvery,
    int logEvery,
    StagedConfig staged) {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(SerializationFeature.INDENT_OUTPUT);

  public TrainConfig {
    name = name == null || name.isBlank() ? "stgnn-socal-v1" : name;
    model = model == null ? ModelConfig.defaults() : model;
    data = data == null ? DataConfig.defaults() : data;
    regime = regime == null ? RegimeConfig.defaults() : regime;
    augment = augment == null ? AugmentConfig.defaults() : augment;
    pool = pool == null ? PoolConfig.defaults() : pool;
    optimiser = optimiser == null ? OptimiserConfig.defaults() : optimiser;
    batchSize = batchSize <= 0 ? 8 : batchSize;
    steps = steps <= 0 ? 1000 : steps;
    checkpointEvery = checkpointEvery <= 0 ? 200 : checkpointEvery;
    logEvery = logEvery <= 0 ? 10 : logEvery;
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("name must be letters, digits, . _ or -: " + name);
    }
  }

  /** Reads a config file (JSON). */
  public static TrainConfig read(Path file) throws IOException {
    try {
      return JSON.readValue(file.toFile(), TrainConfig.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException(file + ": " + e.getOriginalMessage(), e);
    }
  }

  /** Parses config JSON text. */
  public static TrainConfig parse(String json) throws IOException {
    return JSON.readValue(json, TrainConfig.class);
  }

  /** The config as indented JSON (every default filled in). */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@link #toJson()} to {@code file}. */
  public void write(Path file) throws IOException {
    Files.writeString(file, toJson() + "\n");
  }

  /** A builder that starts from this record's values: {@code x.toBuilder().name(v).build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Sets any of the fields of a {@link TrainConfig}; {@link #build} checks them as the constructor
   * does.
   */
  public static final class Builder {
    private String name;
    private ModelConfig model;
    private BaselineConfig baseline;
    private DataConfig data;
    private RegimeConfig regime;
    private AugmentConfig augment;
    private PoolConfig pool;
    private OptimiserConfig optimiser;
    private int batchSize;
    private int steps;
    private long seed;
    private int checkpointEvery;
    private int logEvery;
    private StagedConfig staged;

    private Builder(TrainConfig from) {
      name = from.name;
      model = from.model;
      baseline = from.baseline;
      data = from.data;
      regime = from.regime;
      augment = from.augment;
      pool = from.pool;
      optimiser = from.optimiser;
      batchSize = from.batchSize;
      steps = from.steps;
      seed = from.seed;
      checkpointEvery = from.checkpointEvery;
      logEvery = from.logEvery;
      staged = from.staged;
    }

    public Builder name(String value) {
      name = value;
      return this;
    }

    public Builder model(ModelConfig value) {
      model = value;
      return this;
    }

    public Builder baseline(BaselineConfig value) {
      baseline = value;
      return this;
    }

    public Builder data(DataConfig value) {
      data = value;
      return this;
    }

    public Builder regime(RegimeConfig value) {
      regime = value;
      return this;
    }

    public Builder augment(AugmentConfig value) {
      augment = value;
      return this;
    }

    public Builder pool(PoolConfig value) {
      pool = value;
      return this;
    }

    public Builder optimiser(OptimiserConfig value) {
      optimiser = value;
      return this;
    }

    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    public Builder steps(int value) {
      steps = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder checkpointEvery(int value) {
      checkpointEvery = value;
      return this;
    }

    public Builder logEvery(int value) {
      logEvery = value;
      return this;
    }

    public Builder staged(StagedConfig value) {
      staged = value;
      return this;
    }

    public TrainConfig build() {
      return new TrainConfig(
          name,
          model,
          baseline,
          data,
          regime,
          augment,
          pool,
          optimiser,
          batchSize,
          steps,
          seed,
          checkpointEvery,
          logEvery,
          staged);
    }
  }

  /**
   * Staged training: the head trained alone on station embeddings of a trained encoder, cached once
   * (the encoder costs most of a training step, and a station's embedding depends on its own window
   * only, so station dropout is a mask on cached nodes).
   *
   * @param encoder folder of the trained model whose encoder is kept (frozen)
   * @param events training events simulated and encoded into the cache
   * @param cutsPerEvent cut times per event, stratified on a log scale over the regime
   * @param validationShare share of the events held out for the validation loss
   * @param depthWeight weight of the depth term in the loss (the others weigh 1)
   * @param idealEvents events of the ideal simulator (the first models' distribution: point
   *     sources, Mw to 6.5, the locators' 1-D model; {@link DataConfig#idealCompanion}) cached
   *     beside the data's own, so that one head serves both (0: none)
   */
  public record StagedConfig(
      String encoder,
      int events,
      int cutsPerEvent,
      double validationShare,
      double depthWeight,
      int idealEvents) {
    public StagedConfig {
      if (encoder == null || encoder.isBlank()) {
        throw new IllegalArgumentException("staged.encoder must name a model folder");
      }
      events = events <= 0 ? 2000 : events;
      cutsPerEvent = cutsPerEvent <= 0 ? 12 : cutsPerEvent;
      validationShare = validationShare <= 0 ? 0.05 : validationShare;
      depthWeight = depthWeight <= 0 ? 1.0 : depthWeight;
      idealEvents = Math.max(0, idealEvents);
      if (validationShare >= 0.5) {
        throw new IllegalArgumentException("staged.validationShare must be < 0.5");
      }
    }
  }

  /**
   * The model's shape.
   *
   * @param type {@code stgnn} or {@code gcn}
   * @param windowSamples samples per station window (ending at the cut time)
   * @param embeddingDim station embedding size
   * @param k neighbours of each kNN graph
   * @param graphLayers dual EdgeConv layers
   * @param hidden width of the graph layers and the head MLP
   * @param pickFeatures per-station onset and amplitude features (6 for a v2 model; 0, the value
   *     when absent, for v1)
   */
  public record ModelConfig(
      String type,
      int windowSamples,
      int embeddingDim,
      int k,
      int graphLayers,
      int hidden,
      int pickFeatures) {
    public ModelConfig {
      type = type == null ? "stgnn" : type;
      if (!type.equals("stgnn") && !type.equals("gcn")) {
        throw new IllegalArgumentException("model type must be stgnn or gcn: " + type);
      }
      windowSamples = windowSamples <= 0 ? 1024 : windowSamples;
      embeddingDim = embeddingDim <= 0 ? 64 : embeddingDim;
      k = k <= 0 ? 16 : k;
      graphLayers = graphLayers <= 0 ? 2 : graphLayers;
      hidden = hidden <= 0 ? 64 : hidden;
      if (pickFeatures != 0 && pickFeatures != io.quakegraph.model.PickFeatures.COUNT) {
        throw new IllegalArgumentException(
            "pickFeatures must be 0 or " + io.quakegraph.model.PickFeatures.COUNT);
      }
    }

    static ModelConfig defaults() {
      return new ModelConfig(null, 0, 0, 0, 0, 0, 0);
    }
  }

  /**
   * A baseline trained alongside on the same batches.
   *
   * @param model its shape ({@code type} gcn)
   * @param every it takes one optimiser step on every {@code every}-th batch of the main model
   * @param name its run name (checkpoint and export folder)
   */
  public record BaselineConfig(ModelConfig model, int every, String name) {
    public BaselineConfig {
      model = model == null ? new ModelConfig("gcn", 0, 0, 0, 0, 0, 0) : model;
      every = every <= 0 ? 3 : every;
      name = name == null || name.isBlank() ? "gcn-socal-v1" : name;
    }
  }

  /**
   * The events.
   *
   * @param source {@code synthetic} (simulated on the fly) or {@code hdf5}
   * @param hdf5 dataset main file when {@code source} is hdf5
   * @param stations station file (default {@code ../shared/data/stations/scedc_channel_epochs.txt})
   * @param network network whose broadband stations active on {@code networkDate} record
   * @param networkDate the station set's date, ISO UTC
   * @param siteSeed seed of the simulated site properties (same for training and evaluation: one
   *     network)
   * @param trainSeed seed of the training event stream (never the evaluation seed)
   * @param evalSeed seed of the evaluation set, recorded here so the model card states both
   * @param minMagnitude smallest Mw
   * @param maxMagnitude largest Mw (default 6.5, or {@value
   *     io.quakegraph.synth.Realism#MAX_MAGNITUDE} with the real-world simulator)
   * @param largeEventShare weight of the uniform-in-magnitude component (over-samples large events)
   * @param windowBeforeOriginS conditioned window start before the origin, s
   * @param windowAfterOriginS conditioned window end after the origin, s
   * @param conditioningPadS filter-settling pad before the window, s
   * @param maxStations cap on the number of stations (nearest the network centre); 0 for all
   * @param realism {@code ideal} (default: the simulator of the first models, every seed unchanged)
   *     or {@code real-world} (finite ruptures to M 8, 3-D travel-time anomalies, site terms, real
   *     noise; {@link io.quakegraph.synth.Realism}), for training and synthetic evaluation alike
   */
  public record DataConfig(
      String source,
      String hdf5,
      String stations,
      String network,
      String networkDate,
      long siteSeed,
      long trainSeed,
      long evalSeed,
      double minMagnitude,
      double maxMagnitude,
      double largeEventShare,
      double windowBeforeOriginS,
      double windowAfterOriginS,
      double conditioningPadS,
      int maxStations,
      String realism) {
    public DataConfig {
      realism = realism == null ? "ideal" : realism;
      boolean realWorld = io.quakegraph.synth.Realism.parse(realism).isRealWorld();
      source = source == null ? "synthetic" : source;
      if (!source.equals("synthetic") && !source.equals("hdf5")) {
        throw new IllegalArgumentException("data.source must be synthetic or hdf5: " + source);
      }
      if (source.equals("hdf5") && (hdf5 == null || hdf5.isBlank())) {
        throw new IllegalArgumentException("data.source hdf5 needs data.hdf5 (a dataset file)");
      }
      network = network == null ? "CI" : network;
      networkDate = networkDate == null ? "2020-01-01T00:00:00Z" : networkDate;
      siteSeed = siteSeed == 0 ? 1 : siteSeed;
      trainSeed = trainSeed == 0 ? 1001 : trainSeed;
      evalSeed = evalSeed == 0 ? 9001 : evalSeed;
      if (trainSeed == evalSeed) {
        throw new IllegalArgumentException(
            "data.trainSeed and data.evalSeed must differ: training and evaluation never share"
                + " events");
      }
      minMagnitude = minMagnitude == 0 ? 2.5 : minMagnitude;
      maxMagnitude =
          maxMagnitude != 0
              ? maxMagnitude
              : realWorld ? io.quakegraph.synth.Realism.MAX_MAGNITUDE : 6.5;
      largeEventShare = largeEventShare == 0 ? 0.25 : largeEventShare;
      windowBeforeOriginS = windowBeforeOriginS == 0 ? 22 : windowBeforeOriginS;
      windowAfterOriginS = windowAfterOriginS == 0 ? 60 : windowAfterOriginS;
      conditioningPadS = conditioningPadS == 0 ? 30 : conditioningPadS;
      maxStations = Math.max(0, maxStations);
    }

    static DataConfig defaults() {
      return new DataConfig(null, null, null, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
    }

    /**
     * The same network and windows on the ideal simulator with the first models' magnitudes (to
     * 6.5), from the next training seed (its own event stream).
     */
    public DataConfig idealCompanion() {
      return new DataConfig(
          source,
          hdf5,
          stations,
          network,
          networkDate,
          siteSeed,
          trainSeed + 1 == evalSeed ? trainSeed + 2 : trainSeed + 1,
          evalSeed,
          minMagnitude,
          Math.min(maxMagnitude, 6.5),
          largeEventShare,
          windowBeforeOriginS,
          windowAfterOriginS,
          conditioningPadS,
          maxStations,
          "ideal");
    }
  }

  /**
   * Early-warning cut times: each graph's window ends {@code U[min, max]} s after the first P
   * arrival at any of its stations.
   */
  public record RegimeConfig(double minCutAfterPS, double maxCutAfterPS) {
    public RegimeConfig {
      minCutAfterPS = minCutAfterPS == 0 ? 0.5 : minCutAfterPS;
      maxCutAfterPS = maxCutAfterPS == 0 ? 40 : maxCutAfterPS;
      if (!(minCutAfterPS < maxCutAfterPS)) {
        throw new IllegalArgumentException("regime: need minCutAfterPS < maxCutAfterPS");
      }
    }

    static RegimeConfig defaults() {
      return new RegimeConfig(0, 0);
    }
  }

  /**
   * Station augmentation.
   *
   * @param maxDropout each graph drops a fraction {@code U[0, maxDropout]} of its stations
   * @param subsetProbability probability that a graph uses a random subset of the network
   * @param minSubsetStations smallest random subset
   */
  public record AugmentConfig(double maxDropout, double subsetProbability, int minSubsetStations) {
    public AugmentConfig {
      maxDropout = maxDropout == 0 ? 0.5 : Math.max(0, maxDropout);
      subsetProbability = subsetProbability == 0 ? 0.3 : Math.max(0, subsetProbability);
      minSubsetStations = minSubsetStations <= 0 ? 24 : minSubsetStations;
      if (maxDropout >= 1 || subsetProbability > 1) {
        throw new IllegalArgumentException("augment: maxDropout < 1, subsetProbability <= 1");
      }
    }

    static AugmentConfig defaults() {
      return new AugmentConfig(0, 0, 0);
    }
  }

  /**
   * The event pool: simulation is the expensive part, so each simulated event yields many graphs
   * (cut times, subsets, dropout) while it sits in a pool of recent events.
   *
   * @param events events in the pool
   * @param stepsPerNewEvent one new event enters (and the oldest leaves) every this many steps
   * @param prefetchThreads threads simulating events ahead of the trainer
   * @param prefetchAhead events simulated ahead
   */
  public record PoolConfig(
      int events, int stepsPerNewEvent, int prefetchThreads, int prefetchAhead) {
    public PoolConfig {
      events = events <= 0 ? 96 : events;
      stepsPerNewEvent = stepsPerNewEvent <= 0 ? 2 : stepsPerNewEvent;
      prefetchThreads = prefetchThreads <= 0 ? 1 : prefetchThreads;
      prefetchAhead = prefetchAhead <= 0 ? 8 : prefetchAhead;
    }

    static PoolConfig defaults() {
      return new PoolConfig(0, 0, 0, 0);
    }
  }

  /**
   * Adam with warm-up and a decay schedule, gradient clipping by global norm.
   *
   * @param learningRate peak learning rate
   * @param warmupSteps linear warm-up from 0
   * @param schedule {@code cosine} (to {@code minLearningRate} at the last step) or {@code step}
   *     (multiply by {@code stepFactor} every {@code stepEvery} steps after warm-up)
   * @param minLearningRate floor of the cosine
   * @param stepEvery steps between decays of the step schedule
   * @param stepFactor factor of the step schedule
   * @param beta1 first-moment decay
   * @param beta2 second-moment decay
   * @param epsilon denominator guard
   * @param weightDecay decoupled weight decay (AdamW), 0 for plain Adam
   * @param clipNorm largest global L2 norm of the gradient (rescaled above); 0 means the default 5,
   *     a negative value disables clipping
   */
  public record OptimiserConfig(
      double learningRate,
      int warmupSteps,
      String schedule,
      double minLearningRate,
      int stepEvery,
      double stepFactor,
      double beta1,
      double beta2,
      double epsilon,
      double weightDecay,
      double clipNorm) {
    public OptimiserConfig {
      learningRate = learningRate == 0 ? 1e-3 : learningRate;
      warmupSteps = Math.max(0, warmupSteps);
      schedule = schedule == null ? "cosine" : schedule;
      if (!schedule.equals("cosine") && !schedule.equals("step")) {
        throw new IllegalArgumentException(
            "optimiser.schedule must be cosine or step: " + schedule);
      }
      minLearningRate = minLearningRate == 0 ? learningRate * 0.02 : minLearningRate;
      stepEvery = stepEvery <= 0 ? 1000 : stepEvery;
      stepFactor = stepFactor == 0 ? 0.5 : stepFactor;
      beta1 = beta1 == 0 ? 0.9 : beta1;
      beta2 = beta2 == 0 ? 0.999 : beta2;
      epsilon = epsilon == 0 ? 1e-8 : epsilon;
      clipNorm = clipNorm == 0 ? 5.0 : clipNorm;
    }

    static OptimiserConfig defaults() {
      return new OptimiserConfig(0, 200, null, 0, 0, 0, 0, 0, 0, 0, 0);
    }
  }
}
