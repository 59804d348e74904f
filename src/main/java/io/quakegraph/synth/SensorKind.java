package io.quakegraph.synth;

import io.quakegraph.seismic.PolesZeros;
import io.quakegraph.seismic.Sensitivity;

/**
 * The sensors of Southern California's stations as SEED band and instrument codes: what a station
 * of a real-world network configuration records with ({@link NetworkConfiguration}).
 */
public enum SensorKind {
  /** Broadband seismometer at 100 Hz (STS-2.5): velocity, clips at about 1.3 cm/s. */
  HH("HH", 100, false),
  /** Broadband seismometer at 40 Hz, the older SCSN rate. */
  BH("BH", 40, false),
  /** Short-period 1 Hz geophone (L-4C) at 100 Hz: velocity, rolls off below 1 Hz. */
  EH("EH", 100, false),
  /** Strong-motion accelerometer (EpiSensor, +-2 g) at 100 Hz: on scale for the largest events. */
  HN("HN", 100, true);

  private final String code;
  private final double sampleRate;
  private final boolean accelerometer;

  SensorKind(String code, double sampleRate, boolean accelerometer) {
    this.code = code;
    this.sampleRate = sampleRate;
    this.accelerometer = accelerometer;
  }

  /** Band and instrument code, e.g. {@code HN}. */
  public String code() {
    return code;
  }

  public double sampleRate() {
    return sampleRate;
  }

  /** Whether it records acceleration (else velocity). */
  public boolean accelerometer() {
    return accelerometer;
  }

  Sensitivity sensitivity() {
    return switch (this) {
      case HH, BH -> Instruments.broadbandSensitivity();
      case EH -> Instruments.shortPeriodSensitivity();
      case HN -> Instruments.accelerometerSensitivity();
    };
  }

  PolesZeros response() {
    return switch (this) {
      case HH, BH -> Instruments.broadbandResponse();
      case EH -> Instruments.shortPeriodResponse();
      case HN -> Instruments.accelerometerResponse();
    };
  }
}
