package io.quakegraph.synth;

import java.util.Objects;

/**
 * What the simulator puts into a record.
 *
 * @param sampleRate samples per second of every channel (HH and HN)
 * @param noise whether station (and accelerometer self-) noise is added
 * @param signal whether earthquake signals are added
 * @param phases which body waves the signal contains; {@link Phases#P_AND_S} normally, the others
 *     isolate one wave train (tests of onsets, studies of P-only detection)
 * @param realism how much of the real world goes in ({@link Realism#IDEAL} by default, which keeps
 *     every seed's output as it was)
 */
public record SimulationOptions(
    double sampleRate, boolean noise, boolean signal, Phases phases, Realism realism) {

  /** A builder that starts from this record's values: {@code x.toBuilder().name(v).build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Sets any of the fields of a {@link SimulationOptions}; {@link #build} checks them as the
   * constructor does.
   */
  public static final class Builder {
    private double sampleRate;
    private boolean noise;
    private boolean signal;
    private Phases phases;
    private Realism realism;

    private Builder(SimulationOptions from) {
      sampleRate = from.sampleRate;
      noise = from.noise;
      signal = from.signal;
      phases = from.phases;
      realism = from.realism;
    }

    public Builder sampleRate(double value) {
      sampleRate = value;
      return this;
    }

    public Builder noise(boolean value) {
      noise = value;
      return this;
    }

    public Builder signal(boolean value) {
      signal = value;
      return this;
    }

    public Builder phases(Phases value) {
      phases = value;
      return this;
    }

    public Builder realism(Realism value) {
      realism = value;
      return this;
    }

    public SimulationOptions build() {
      return new SimulationOptions(sampleRate, noise, signal, phases, realism);
    }
  }

  /** The body-wave trains of the signal. */
  public enum Phases {
    P_AND_S,
    P_ONLY,
    S_ONLY;

    boolean hasP() {
      return this != S_ONLY;
    }

    boolean hasS() {
      return this != P_ONLY;
    }
  }

  public SimulationOptions {
    if (!(sampleRate >= 1) || sampleRate > 1000) {
      throw new IllegalArgumentException("sample rate must be 1..1000 Hz: " + sampleRate);
    }
    Objects.requireNonNull(phases, "phases");
    Objects.requireNonNull(realism, "realism");
  }

  /** The ideal simulator with these phases. */
  public SimulationOptions(double sampleRate, boolean noise, boolean signal, Phases phases) {
    this(sampleRate, noise, signal, phases, Realism.IDEAL);
  }

  /** Both P and S. */
  public SimulationOptions(double sampleRate, boolean noise, boolean signal) {
    this(sampleRate, noise, signal, Phases.P_AND_S);
  }

  /** 100 Hz, noise and signal on, P and S. */
  public static SimulationOptions defaults() {
    return new SimulationOptions(100, true, true);
  }
}
