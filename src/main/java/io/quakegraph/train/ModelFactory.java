package io.quakegraph.train;

import io.quakegraph.model.GcnBaseline;
import io.quakegraph.model.GraphModel;
import io.quakegraph.model.ModelSpec;
import io.quakegraph.model.NetworkFrame;
import io.quakegraph.model.Stgnn;
import io.quakegraph.synth.SyntheticNetwork;

/** Builds the learned models a training config describes. */
public final class ModelFactory {
  /**
   * Margin around the stations' box of the network frame, km: about the 0.5° margin epicentres are
   * drawn in, so every event lies inside the frame's [-1, 1]-ish range.
   */
  public static final double FRAME_MARGIN_KM = 60;

  /** The model rate, Hz: the conditioning of every sample the models see. */
  public static final double SAMPLE_RATE = 50.0;

  private ModelFactory() {}

  /** The spec of a model config over a network, initialised from {@code seed}. */
  public static ModelSpec spec(TrainConfig.ModelConfig m, SyntheticNetwork network, long seed) {
    NetworkFrame frame = NetworkFrame.of(network.inventory(), FRAME_MARGIN_KM);
    return new ModelSpec(
        SAMPLE_RATE,
        m.windowSamples(),
        m.embeddingDim(),
        m.k(),
        m.graphLayers(),
        m.hidden(),
        seed,
        frame,
        m.pickFeatures());
  }

  /** A freshly initialised model of the config's type. */
  public static GraphModel create(String type, ModelSpec spec) {
    return switch (type) {
      case "stgnn" -> Stgnn.create(spec);
      case "gcn" -> GcnBaseline.create(spec);
      default -> throw new IllegalArgumentException("unknown model type " + type);
    };
  }
}
