package io.quakegraph.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Adam (optionally AdamW) over a block's parameters, with gradient clipping by global L2 norm.
 *
 * <p>Written here rather than taken from DJL's {@code Optimizer} because DJL's optimisers keep
 * their moments private, so a checkpoint could not hold them and {@code --resume} would restart
 * them; here the moments and the step count are saved and restored, and a resumed run continues
 * exactly. It also clips by the norm over all parameters together (DJL only clips each value), and
 * skips a step whose gradient is not finite instead of poisoning the parameters.
 *
 * <p>Works on the gradients PyTorch accumulates on the parameter arrays after {@code backward};
 * {@link #step} consumes and zeroes them.
 */
public final class AdamOptimizer {
  private final List<Parameter> parameters;
  private final List<NDArray> m = new ArrayList<>();
  private final List<NDArray> v = new ArrayList<>();
  private final TrainConfig.OptimiserConfig config;
  private long updates;
  private long skipped;

  /**
   * @param parameters the parameters to update (initialised, with gradients attached)
   * @param manager owns the moment arrays
   */
  public AdamOptimizer(
      List<Parameter> parameters, NDManager manager, TrainConfig.OptimiserConfig config) {
    this.parameters = List.copyOf(parameters);
    this.config = config;
    for (Parameter p : this.parameters) {
      NDArray w = p.getArray();
      m.add(manager.zeros(w.getShape(), w.getDataType()));
      v.add(manager.zeros(w.getShape(), w.getDataType()));
    }
  }

  /** What one step did. */
  public record StepResult(double gradientNorm, double scale, boolean applied) {}

  /**
   * Clips the accumulated gradients to {@code clipNorm} (global norm), applies one Adam update with
   * learning rate {@code lr}, and zeroes the gradients. A step whose gradient norm is not finite
   * changes no parameter and no moment.
   */
  public StepResult step(double lr) {
    List<NDArray> grads = new ArrayList<>(parameters.size());
    double sumSq = 0;
    for (Parameter p : parameters) {
      NDArray g = p.getArray().getGradient();
      grads.add(g);
      try (NDArray sq = g.square();
          NDArray s = sq.sum()) {
        sumSq += s.getFloat();
      }
    }
    double norm = Math.sqrt(sumSq);
    boolean finite = Double.isFinite(norm);
    double clip = config.clipNorm();
    double scale = clip > 0 && norm > clip ? clip / norm : 1.0;
    if (finite) {
      updates++;
      double b1 = config.beta1();
      double b2 = config.beta2();
      // bias corrections folded into the step size (Kingma & Ba 2015, section 2)
      double lrT = lr * Math.sqrt(1 - Math.pow(b2, updates)) / (1 - Math.pow(b1, updates));
      double wd = config.weightDecay();
      for (int i = 0; i < parameters.size(); i++) {
        NDArray w = parameters.get(i).getArray();
        NDArray g = grads.get(i);
        try (NDArray gm = g.mul(scale * (1 - b1));
            NDArray g2 = g.square();
            NDArray g2s = g2.muli(scale * scale * (1 - b2))) {
          m.get(i).muli(b1).addi(gm);
          v.get(i).muli(b2).addi(g2s);
        }
        try (NDArray root = v.get(i).sqrt();
            NDArray den = root.addi(config.epsilon());
            NDArray upd = m.get(i).div(den);
            NDArray scaled = upd.muli(lrT)) {
          if (wd > 0) {
            try (NDArray decay = w.mul(lr * wd)) {
              w.subi(decay);
            }
          }
          w.subi(scaled);
        }
      }
    } else {
      skipped++;
    }
    for (NDArray g : grads) {
      if (finite) {
        g.subi(g);
      } else {
        g.set(new NDIndex("..."), 0f);
      }
      g.close();
    }
    return new StepResult(norm, scale, finite);
  }

  /** Adam updates applied so far (the bias-correction step count). */
  public long updates() {
    return updates;
  }

  /** Steps skipped for a non-finite gradient. */
  public long skipped() {
    return skipped;
  }

  /** Writes the step count and the moments. */
  public void save(OutputStream out) throws IOException {
    DataOutputStream d = new DataOutputStream(out);
    d.writeInt(1);
    d.writeLong(updates);
    d.writeLong(skipped);
    d.writeInt(parameters.size());
    for (Parameter p : parameters) {
      d.writeUTF(p.getName());
    }
    NDList all = new NDList();
    all.addAll(m);
    all.addAll(v);
    d.flush();
    all.encode(out);
    out.flush();
  }

  /** Restores what {@link #save} wrote (same parameters in the same order). */
  public void load(InputStream in, NDManager manager) throws IOException {
    DataInputStream d = new DataInputStream(in);
    int version = d.readInt();
    if (version != 1) {
      throw new IOException("unknown optimiser state version " + version);
    }
    long u = d.readLong();
    long s = d.readLong();
    int n = d.readInt();
    if (n != parameters.size()) {
      throw new IOException(
          "optimiser state has " + n + " parameters, the model " + parameters.size());
    }
    for (Parameter p : parameters) {
      String name = d.readUTF();
      if (!name.equals(p.getName())) {
        throw new IOException(
            "optimiser state parameter " + name + " where " + p.getName() + " is expected");
      }
    }
    NDList all = NDList.decode(manager, in);
    if (all.size() != 2 * n) {
      throw new IOException("optimiser state holds " + all.size() + " arrays, expected " + 2 * n);
    }
    for (int i = 0; i < n; i++) {
      m.get(i).set(all.get(i).toByteBuffer());
      v.get(i).set(all.get(n + i).toByteBuffer());
    }
    all.close();
    updates = u;
    skipped = s;
  }
}
