package io.quakegraph.synth;

import io.quakegraph.seismic.PolesZeros;
import io.quakegraph.seismic.PolesZeros.Complex;
import io.quakegraph.seismic.Sensitivity;
import java.util.List;

/**
 * The sensors and digitiser of a typical Southern California Seismic Network station, with the
 * numbers of the real CI.GR2 StationXML (La Verne event folder of {@code ../shared/data}).
 *
 * <ul>
 *   <li>HH?: Streckeisen STS-2.5 broadband velocity sensor, generator constant 1488.3 V/(m/s), 120
 *       s corner (poles -0.037 +- 0.037i rad/s) and the manufacturer's high-frequency poles and
 *       zeros as SCEDC publishes them;
 *   <li>HN?: Kinemetrics EpiSensor force-balance accelerometer, +-2 g full scale at +-20 V
 *       differential, i.e. 10 V/g = 1.0197 V/(m/s^2), poles at -981 +- 1009i and -3290 +- 1263i
 *       rad/s (Kinemetrics ES-T manual; as in SCEDC metadata);
 *   <li>both on a 24-bit Quanterra Q330 digitiser, 419,430 counts/V (+-20 V into +-2^23 counts).
 * </ul>
 *
 * <p>The simulator treats both responses as flat in their passband: counts = round(ground motion x
 * sensitivity). This holds within 0.5 % above 0.05 Hz for the STS-2.5 and below 50 Hz for the
 * EpiSensor, i.e. over every band the simulated signals occupy; the poles and zeros are published
 * so that users can deconvolve as they would for real data.
 */
public final class Instruments {
  /** Q330 digitiser gain, counts per volt. */
  public static final double DIGITIZER_COUNTS_PER_VOLT = 419_430;

  /** STS-2.5 generator constant, V/(m/s). */
  public static final double BROADBAND_VOLTS_PER_MS = 1488.3;

  /** EpiSensor gain, V/(m/s^2): 10 V per g. */
  public static final double ACCELEROMETER_VOLTS_PER_MS2 = 10.0 / 9.80665;

  /** The digitiser clips at +-2^23 counts (24-bit two's complement). */
  public static final double CLIP_COUNTS = 8_388_607;

  /** Frequency at which sensitivities are stated, Hz. */
  public static final double SENSITIVITY_FREQUENCY_HZ = 1.0;

  /** Mark L-4C 1 Hz geophone generator constant, V/(m/s) (with the usual shunt damping). */
  public static final double SHORT_PERIOD_VOLTS_PER_MS = 171.0;

  /** Natural frequency of the short-period geophone, Hz. */
  public static final double SHORT_PERIOD_CORNER_HZ = 1.0;

  private Instruments() {}

  /** Overall sensitivity of an EH? channel (L-4C on a Q330), counts per m/s at 5 Hz. */
  public static Sensitivity shortPeriodSensitivity() {
    return new Sensitivity(
        SHORT_PERIOD_VOLTS_PER_MS * DIGITIZER_COUNTS_PER_VOLT, 5.0, "m/s", "count");
  }

  /**
   * L-4C poles and zeros (rad/s): two zeros at the origin, a 1 Hz pole pair at damping 0.707,
   * normalised to 1 at 5 Hz, stage gain {@value #SHORT_PERIOD_VOLTS_PER_MS} V/(m/s).
   */
  public static PolesZeros shortPeriodResponse() {
    double w = 2 * Math.PI * SHORT_PERIOD_CORNER_HZ / Math.sqrt(2);
    List<Complex> poles = List.of(c(-w, w), c(-w, -w));
    List<Complex> zeros = List.of(c(0, 0), c(0, 0));
    double a0 = 1 / modulus(poles, zeros, 5.0);
    return new PolesZeros(poles, zeros, a0, 5.0, SHORT_PERIOD_VOLTS_PER_MS);
  }

  /** Overall sensitivity of an HH? channel, counts per m/s at 1 Hz. */
  public static Sensitivity broadbandSensitivity() {
    return new Sensitivity(
        BROADBAND_VOLTS_PER_MS * DIGITIZER_COUNTS_PER_VOLT,
        SENSITIVITY_FREQUENCY_HZ,
        "m/s",
        "count");
  }

  /** Overall sensitivity of an HN? channel, counts per m/s^2 at 1 Hz. */
  public static Sensitivity accelerometerSensitivity() {
    return new Sensitivity(
        ACCELEROMETER_VOLTS_PER_MS2 * DIGITIZER_COUNTS_PER_VOLT,
        SENSITIVITY_FREQUENCY_HZ,
        "m/s**2",
        "count");
  }

  /** STS-2.5 poles and zeros (rad/s), normalised to 1 at 1 Hz, stage gain 1488.3 V/(m/s). */
  public static PolesZeros broadbandResponse() {
    List<Complex> zeros =
        List.of(c(0, 0), c(0, 0), c(-15.15, 0), c(-176.6, 0), c(-463.1, -430.5), c(-463.1, 430.5));
    List<Complex> poles =
        List.of(
            c(-0.037, 0.037),
            c(-0.037, -0.037),
            c(-15.64, 0),
            c(-97.34, -400.7),
            c(-97.34, 400.7),
            c(-374.8, 0),
            c(-520.3, 0),
            c(-10530, -10050),
            c(-10530, 10050),
            c(-13300, 0),
            c(-255.097, 0));
    return normalised(poles, zeros, BROADBAND_VOLTS_PER_MS);
  }

  /** EpiSensor poles (rad/s), no zeros, normalised to 1 at 1 Hz, stage gain 1.0197 V/(m/s^2). */
  public static PolesZeros accelerometerResponse() {
    List<Complex> poles = List.of(c(-981, 1009), c(-981, -1009), c(-3290, 1263), c(-3290, -1263));
    return normalised(poles, List.of(), ACCELEROMETER_VOLTS_PER_MS2);
  }

  /** |H(i 2 pi f)| of unnormalised poles and zeros. */
  static double modulus(List<Complex> poles, List<Complex> zeros, double frequencyHz) {
    double w = 2 * Math.PI * frequencyHz;
    double m = 1;
    for (Complex z : zeros) {
      m *= Math.hypot(-z.re(), w - z.im());
    }
    for (Complex p : poles) {
      m /= Math.hypot(-p.re(), w - p.im());
    }
    return m;
  }

  private static PolesZeros normalised(List<Complex> poles, List<Complex> zeros, double gain) {
    double a0 = 1 / modulus(poles, zeros, SENSITIVITY_FREQUENCY_HZ);
    return new PolesZeros(poles, zeros, a0, SENSITIVITY_FREQUENCY_HZ, gain);
  }

  private static Complex c(double re, double im) {
    return new Complex(re, im);
  }
}
