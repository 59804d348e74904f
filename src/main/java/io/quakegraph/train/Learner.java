package io.quakegraph.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.quakegraph.model.GaussianNll;
import io.quakegraph.model.GraphBatch;
import io.quakegraph.model.GraphInput;
import io.quakegraph.model.GraphModel;
import io.quakegraph.model.LabelCodec;
import io.quakegraph.model.Labels;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One model being trained: its parameters, its {@link AdamOptimizer} and learning-rate schedule,
 * and the step on a batch of graphs (forward, Gaussian NLL, backward, clipped Adam update).
 */
public final class Learner implements AutoCloseable {
  static final String MODEL_DIR = "model";
  static final String OPTIMISER_FILE = "optimiser.bin";

  private final GraphModel model;
  private final AdamOptimizer optimiser;
  private final LearningRateSchedule schedule;
  private final LabelCodec codec;
  private final ParameterStore store;
  private AdamOptimizer.StepResult last = new AdamOptimizer.StepResult(Double.NaN, 1, false);

  /**
   * @param model the model (initialised or loaded); gradients are attached here
   * @param optimiser Adam settings
   * @param totalSteps steps of this model's schedule
   */
  public Learner(GraphModel model, TrainConfig.OptimiserConfig optimiser, int totalSteps) {
    this.model = model;
    model.attachGradients();
    List<Parameter> params =
        model.block().getParameters().values().stream()
            .filter(Parameter::requiresGradient)
            .toList();
    this.optimiser = new AdamOptimizer(params, model.manager(), optimiser);
    this.schedule = new LearningRateSchedule(optimiser, totalSteps);
    this.codec = model.codec();
    this.store = new ParameterStore(model.manager(), false);
  }

  public GraphModel model() {
    return model;
  }

  public LearningRateSchedule schedule() {
    return schedule;
  }

  public AdamOptimizer optimiser() {
    return optimiser;
  }

  /** What the last step's optimiser did (gradient norm, clip scale). */
  public AdamOptimizer.StepResult lastStep() {
    return last;
  }

  /**
   * One optimiser step on a batch; returns the batch loss before the update.
   *
   * @param stepIndex this model's step number (sets the learning rate)
   * @param torchSeed seed of the engine's random generator for this step, so a resumed run draws
   *     the same numbers as an uninterrupted one
   */
  public double step(List<GraphInput> inputs, List<Labels> labels, long stepIndex, long torchSeed) {
    Engine.getInstance().setRandomSeed((int) (torchSeed ^ (torchSeed >>> 32)));
    double loss;
    try (NDManager sub = model.manager().newSubManager()) {
      GraphBatch batch = GraphBatch.of(sub, inputs);
      NDArray targets = codec.encode(sub, labels);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray out = model.forward(store, batch, true);
        NDArray l = GaussianNll.nll(out, targets);
        gc.backward(l);
        loss = l.getFloat();
      }
      last = optimiser.step(schedule.at(stepIndex));
    }
    return loss;
  }

  /** The loss of a batch without training (inference mode). */
  public double loss(List<GraphInput> inputs, List<Labels> labels) {
    try (NDManager sub = model.manager().newSubManager()) {
      GraphBatch batch = GraphBatch.of(sub, inputs);
      NDArray targets = codec.encode(sub, labels);
      NDArray out = model.forward(store, batch, false);
      return GaussianNll.nll(out, targets).getFloat();
    }
  }

  /** Saves the model ({@code dir/model}) and the optimiser state ({@code dir/optimiser.bin}). */
  public void save(Path dir) throws IOException {
    model.save(dir.resolve(MODEL_DIR));
    try (OutputStream out =
        new BufferedOutputStream(Files.newOutputStream(dir.resolve(OPTIMISER_FILE)))) {
      optimiser.save(out);
    }
  }

  /** A learner restored from {@link #save}. */
  public static Learner load(Path dir, TrainConfig.OptimiserConfig config, int totalSteps)
      throws IOException {
    GraphModel model = GraphModel.load(dir.resolve(MODEL_DIR));
    Learner l = new Learner(model, config, totalSteps);
    try (InputStream in =
        new BufferedInputStream(Files.newInputStream(dir.resolve(OPTIMISER_FILE)))) {
      l.optimiser.load(in, model.manager());
    }
    return l;
  }

  @Override
  public void close() {
    model.close();
  }
}
