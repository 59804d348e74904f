package io.quakegraph.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.quakegraph.seismic.Geodesy;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Targets, decoding, the loss, and that gradients reach every parameter of both models. */
class LossAndCodecTest {
  static final NetworkFrame FRAME = RandomGraphs.FRAME;

  @Test
  void labelsRoundTripThroughTheCodec() {
    LabelCodec codec = new LabelCodec(FRAME);
    Labels l = new Labels(33.9, -116.4, 12.5, 4.7, -17.25);
    float[] t = codec.encode(l);
    for (float v : t) {
      assertTrue(Math.abs(v) < 1.5, "normalised target " + v);
    }
    float[] out = new float[10];
    System.arraycopy(t, 0, out, 0, 5);
    long cut = 1_600_000_000_000_000L;
    Estimate e = codec.decode(out, 0, cut);
    assertEquals(33.9, e.latitude(), 1e-4);
    assertEquals(-116.4, e.longitude(), 1e-4);
    assertEquals(12.5, e.depthKm(), 1e-4);
    assertEquals(4.7, e.magnitude(), 1e-5);
    assertEquals(cut - 17_250_000L, e.originMicros(), 5);
    // log-sigma 0 is one normalised unit: kmPerUnit horizontally, 10 km depth, 1 magnitude unit.
    assertEquals(FRAME.kmPerUnit(), e.sigmaLatKm(), 0.01 * FRAME.kmPerUnit());
    assertEquals(10.0, e.sigmaDepthKm(), 0.1);
    assertEquals(1.0, e.sigmaMagnitude(), 0.01);
    // The frame is isotropic: a degree of latitude is 111 km, wherever in the frame.
    assertEquals(
        Geodesy.KM_PER_DEGREE, (FRAME.normLat(35) - FRAME.normLat(34)) * FRAME.kmPerUnit(), 1e-6);
  }

  @Test
  void gaussianNllMatchesTheFormula() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] out = {0.5f, 0, 0, 0, 0, -1f, 0, 0, 0, 0};
      float[] tgt = {1.0f, 0, 0, 0, 0};
      NDArray loss =
          GaussianNll.nll(m.create(out, new Shape(1, 10)), m.create(tgt, new Shape(1, 5)));
      double ls = GaussianNll.boundedLogSigma(-1.0);
      double first = ls + 0.5 * Math.pow(0.5 / Math.exp(ls), 2);
      double rest = 4 * GaussianNll.boundedLogSigma(0.0);
      assertEquals((first + rest) / 5, loss.getFloat(), 1e-5);
      assertEquals(-1.0, ls, 0.01); // the soft floor barely moves values far above it
      assertTrue(GaussianNll.boundedLogSigma(-50) >= GaussianNll.MIN_LOG_SIGMA);
    }
  }

  static Stream<Function<ModelSpec, GraphModel>> models() {
    return Stream.of(Stgnn::create, GcnBaseline::create);
  }

  @ParameterizedTest
  @MethodSource("models")
  void adamStepsReduceTheLossAndReachEveryParameter(Function<ModelSpec, GraphModel> make) {
    Engine.getInstance().setRandomSeed(5);
    try (GraphModel model = make.apply(RandomGraphs.smallSpec(21));
        NDManager m = NDManager.newBaseManager()) {
      model.attachGradients();
      boolean[] drop = new boolean[12];
      drop[3] = true;
      GraphBatch batch =
          GraphBatch.of(
              m,
              List.of(
                  GraphFeatures.mask(RandomGraphs.graph(12, 256, 1), drop),
                  RandomGraphs.graph(6, 256, 2),
                  RandomGraphs.graph(1, 256, 3)));
      NDArray targets =
          new LabelCodec(FRAME)
              .encode(
                  m,
                  List.of(
                      new Labels(34, -117, 10, 4, -10),
                      new Labels(33, -116, 5, 3, -25),
                      new Labels(35, -119, 15, 5, -5)));
      Optimizer adam = Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build();
      ParameterStore ps = new ParameterStore(model.manager(), false);
      float first = Float.NaN;
      float last = Float.NaN;
      for (int step = 0; step < 12; step++) {
        try (NDManager stepScope = m.newSubManager()) {
          NDArray loss;
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            loss = GaussianNll.nll(model.forward(ps, batch, true), targets);
            gc.backward(loss);
          }
          last = loss.getFloat();
          if (step == 0) {
            first = last;
            for (Pair<String, Parameter> p : model.block().getParameters()) {
              float g = p.getValue().getArray().getGradient().abs().sum().getFloat();
              assertTrue(g > 0, "no gradient reaches " + p.getKey());
            }
          }
          for (Pair<String, Parameter> p : model.block().getParameters()) {
            NDArray w = p.getValue().getArray();
            NDArray grad = w.getGradient();
            adam.update(p.getKey(), w, grad);
            grad.muli(0);
          }
        }
      }
      assertTrue(last < 0.7 * first, "loss " + first + " -> " + last);
    }
  }
}
