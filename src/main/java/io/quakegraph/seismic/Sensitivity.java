package io.quakegraph.seismic;

/**
 * The overall (stage-0) sensitivity of a channel: {@code value} output units (usually counts) per
 * input unit (m/s or m/s**2) at {@code frequencyHz}, as given by StationXML InstrumentSensitivity.
 */
public record Sensitivity(double value, double frequencyHz, String inputUnits, String outputUnits) {

  /** What kind of ground motion the channel records, from its input units. */
  public GroundMotion groundMotion() {
    return GroundMotion.fromUnits(inputUnits);
  }
}
