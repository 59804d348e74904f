package io.quakegraph.seismic;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Conversion of raw counts to ground velocity in m/s.
 *
 * <p>Flat-band approximation: the counts are divided by the overall (stage-0) sensitivity from
 * StationXML instead of deconvolving the full response. This is exact within the sensor's flat
 * band: above the natural corner of a velocity sensor (0.0083 Hz for a 120 s broadband, 1 Hz for a
 * short-period L4C, 0.2 Hz for an L22) and below the digitiser's anti-alias corner (about 0.4 × the
 * sample rate); accelerometers are flat from DC to ~50 Hz. The earthquake band used downstream
 * (roughly 0.1-20 Hz) lies inside it for broadbands and strong-motion sensors; for short-period
 * sensors the amplitude below their corner is underestimated.
 *
 * <ul>
 *   <li>Velocity sensors (input units m/s, or HH?, BH?, EH?, ... by channel code when the units are
 *       not recognised): demean, divide by the sensitivity, causal Butterworth high-pass.
 *   <li>Accelerometers (input units m/s**2, or HN?, HL?, HG?): demean, divide by the sensitivity
 *       (m/s²), causal high-pass (removes the offset and tilt that would make the integral drift),
 *       trapezoidal integration to m/s, and the same high-pass again (removes the integration
 *       constant and what little drift is left).
 * </ul>
 *
 * <p>Filters are causal and start in the steady state of the first sample ({@link
 * Butterworth#filterInitialized}), so no energy leaks ahead of a P onset (pickers and early warning
 * need clean onsets) and the newest samples of a streaming window are not tapered away.
 */
public final class InstrumentCorrection {
  private static final Logger LOG = LoggerFactory.getLogger(InstrumentCorrection.class);

  private InstrumentCorrection() {}

  /**
   * {@link #toVelocity(Trace, Channel, CorrectionOptions)} with {@link CorrectionOptions#DEFAULT}.
   */
  public static Trace toVelocity(Trace counts, Channel channel) {
    return toVelocity(counts, channel, CorrectionOptions.DEFAULT);
  }

  /**
   * Ground velocity (m/s) from raw counts using the channel's overall sensitivity.
   *
   * @throws IllegalArgumentException when the channel has no sensitivity, a zero or non-finite one,
   *     belongs to another channel than the trace, or measures something that cannot be converted
   *     (displacement or unknown sensors)
   */
  public static Trace toVelocity(Trace counts, Channel channel, CorrectionOptions options) {
    if (!channel.id().equals(counts.id())) {
      throw new IllegalArgumentException(
          "metadata of " + channel.id() + " given for trace " + counts.id());
    }
    Sensitivity s =
        channel
            .sensitivity()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no instrument sensitivity for "
                            + channel.id()
                            + ": cannot convert counts"));
    if (!Double.isFinite(s.value()) || s.value() == 0) {
      throw new IllegalArgumentException(
          "unusable sensitivity " + s.value() + " for " + channel.id());
    }
    if (channel.sampleRate() > 0
        && Math.abs(channel.sampleRate() - counts.sampleRate()) > 1e-3 * counts.sampleRate()) {
      LOG.warn(
          "{}: data at {} Hz but metadata says {} Hz; using the data rate",
          counts.id(),
          counts.sampleRate(),
          channel.sampleRate());
    }
    GroundMotion motion = groundMotion(channel);
    // counts / (counts per unit) gives the metadata's unit; scale it to SI metres.
    double perCount = unitScale(s.inputUnits()) / s.value();
    double rate = counts.sampleRate();
    if (options.highPassHz() >= rate / 2) {
      throw new IllegalArgumentException(
          "high-pass " + options.highPassHz() + " Hz is above Nyquist of " + counts);
    }
    Butterworth hp = Butterworth.highPass(options.order(), options.highPassHz(), rate);
    double[] x = Detrend.demean(counts.samples());
    for (int i = 0; i < x.length; i++) {
      x[i] *= perCount;
    }
    double[] v =
        switch (motion) {
          case VELOCITY -> hp.filterInitialized(x);
          case ACCELERATION -> hp.filterInitialized(integrate(hp.filterInitialized(x), rate));
          default ->
              throw new IllegalArgumentException(
                  channel.id()
                      + " records "
                      + motion
                      + " (input units '"
                      + s.inputUnits()
                      + "'): only velocity and acceleration sensors can be converted");
        };
    return counts.withSamples(v);
  }

  /** {@link #toVelocity(Trace, Inventory, CorrectionOptions)} with default options. */
  public static Trace toVelocity(Trace counts, Inventory inventory) {
    return toVelocity(counts, inventory, CorrectionOptions.DEFAULT);
  }

  /**
   * Ground velocity using the channel epoch of {@code inventory} active at the trace's start.
   *
   * @throws IllegalArgumentException naming the channel and time when the inventory has no epoch
   */
  public static Trace toVelocity(Trace counts, Inventory inventory, CorrectionOptions options) {
    Channel c =
        inventory
            .channel(counts.id(), counts.startMicros())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no metadata for "
                            + counts.id()
                            + " at "
                            + Times.format(counts.startMicros())
                            + (inventory.station(counts.id().stationId()).isPresent()
                                ? " (station known, but no epoch of that channel covers the time)"
                                : " (station " + counts.id().stationId() + " not in inventory)")));
    return toVelocity(counts, c, options);
  }

  /**
   * What the channel measures: from the sensitivity's input units when they are recognised (the
   * metadata is the authority), otherwise from the SEED instrument code, with the decision logged.
   */
  public static GroundMotion groundMotion(Channel channel) {
    String units = channel.sensitivity().map(Sensitivity::inputUnits).orElse(null);
    GroundMotion fromUnits = GroundMotion.fromUnits(units);
    GroundMotion fromCode = GroundMotion.fromChannel(channel.id().channel());
    if (fromUnits != GroundMotion.UNKNOWN) {
      if (fromCode != GroundMotion.UNKNOWN && fromCode != fromUnits) {
        LOG.warn(
            "{}: input units '{}' say {} but the channel code suggests {}; trusting the units",
            channel.id(),
            units,
            fromUnits,
            fromCode);
      }
      return fromUnits;
    }
    LOG.info(
        "{}: input units '{}' not recognised; classified as {} from the channel code",
        channel.id(),
        units,
        fromCode);
    return fromCode;
  }

  /**
   * Factor from the length prefix of a StationXML unit to metres: 1 for {@code m/s} and {@code
   * M/S**2}, 1e-9 for {@code nm/s}, 1e-6 for {@code um/s}, 1e-3 for {@code mm/s}, 1e-2 for {@code
   * cm/s**2}; 1 for unrecognised units (they are classified by channel code and assumed SI).
   */
  public static double unitScale(String units) {
    if (units == null) {
      return 1;
    }
    String u = units.trim().toLowerCase(Locale.ROOT);
    if (u.startsWith("nm")) {
      return 1e-9;
    }
    if (u.startsWith("um") || u.startsWith("µm") || u.startsWith("micro")) {
      return 1e-6;
    }
    if (u.startsWith("mm")) {
      return 1e-3;
    }
    if (u.startsWith("cm")) {
      return 1e-2;
    }
    return 1;
  }

  /** Cumulative trapezoidal integral starting at zero. */
  static double[] integrate(double[] a, double sampleRate) {
    double[] v = new double[a.length];
    double half = 0.5 / sampleRate;
    for (int i = 1; i < a.length; i++) {
      v[i] = v[i - 1] + half * (a[i - 1] + a[i]);
    }
    return v;
  }
}
