package io.quakegraph.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A learned source model: an encoder block run per station and a head block run per graph, with the
 * same inputs and outputs for the {@link Stgnn} and the {@link GcnBaseline}, so one trainer and one
 * evaluator serve both.
 *
 * <p>Parameters live in the model's own {@link NDManager}; arrays produced by a forward pass belong
 * to the manager of the input arrays, so run each batch under a short-lived manager and close it.
 * Forward passes may run in several threads at once (parameters are only read).
 */
public sealed interface GraphModel extends AutoCloseable permits Stgnn, GcnBaseline {

  /** The spec the blocks were built from. */
  ModelSpec spec();

  /** {@code stgnn} or {@code gcn}: the {@code kind} in spec.json. */
  String kind();

  /** The label codec of the spec's network frame. */
  default LabelCodec codec() {
    return new LabelCodec(spec().frame());
  }

  /** The per-station encoder, {@code [M, 3, W] -> [M, E]}. */
  StationEncoder encoder();

  /**
   * The per-graph head, {@code (emb [B,N,E], logPeak [B,N,1], coords [B,N,3], live [B,N]) ->
   * [B,10]}.
   */
  Block head();

  /** Encoder and head as one block taking {@link GraphBatch#toNDList()} (for a DJL Trainer). */
  Block block();

  /** The manager that owns the parameters. */
  NDManager manager();

  /** Inference forward pass, {@code [B, 10]}. */
  default NDArray forward(GraphBatch batch) {
    return forward(new ParameterStore(manager(), false), batch, false);
  }

  /** Forward pass through {@link #block()}, for training ({@code training = true}) or inference. */
  default NDArray forward(ParameterStore ps, GraphBatch batch, boolean training) {
    return block().forward(ps, batch.toNDList(), training).singletonOrThrow();
  }

  /** Encoder alone: {@code [M, 3, W] -> [M, E]} (inference). */
  default NDArray encode(NDArray waveforms) {
    return encoder()
        .forward(new ParameterStore(manager(), false), new ai.djl.ndarray.NDList(waveforms), false)
        .singletonOrThrow();
  }

  /**
   * Head alone (inference): embeddings {@code [B, N, E]} and the batch's other arrays to {@code [B,
   * 10]}; {@code picks} {@code [B, N, P]} for a model with pick features, else null.
   */
  default NDArray head(
      NDArray embeddings, NDArray logPeak, NDArray coords, NDArray live, NDArray picks) {
    ai.djl.ndarray.NDList in = new ai.djl.ndarray.NDList(embeddings, logPeak, coords, live);
    if (picks != null) {
      in.add(picks);
    }
    return head().forward(new ParameterStore(manager(), false), in, false).singletonOrThrow();
  }

  /** Writes {@code spec.json}, {@code encoder.params} and {@code head.params} into {@code dir}. */
  void save(Path dir) throws IOException;

  /** Number of learnable scalars. */
  default long parameterCount() {
    return block().getParameters().values().stream()
        .mapToLong(p -> p.getArray().getShape().size())
        .sum();
  }

  /** Marks every parameter as requiring a gradient (for a custom training loop). */
  default void attachGradients() {
    block().getParameters().values().forEach(p -> p.getArray().setRequiresGradient(true));
  }

  /** Loads a model saved by {@link #save}, an STGNN or a GCN according to its spec.json. */
  static GraphModel load(Path dir) throws IOException {
    return ModelFiles.load(dir);
  }

  /** Frees the parameters. */
  @Override
  void close();
}
