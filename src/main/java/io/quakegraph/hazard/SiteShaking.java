package io.quakegraph.hazard;

/**
 * What an earthquake estimate means for a site.
 *
 * @param epicentralKm distance from the epicentre, km (also BSSA14's Joyner-Boore distance)
 * @param pgaG median peak ground acceleration, g
 * @param pgvCmS median peak ground velocity, cm/s
 * @param pgaSigmaLn BSSA14 total σ of ln(PGA)
 * @param pgvSigmaLn BSSA14 total σ of ln(PGV)
 * @param mmi intensity (Worden et al. 2012, the larger of the PGA and PGV conversions)
 * @param pArrivalMicros P arrival at the site, UTC µs, {@link Long#MIN_VALUE} beyond the table
 * @param sArrivalMicros S arrival at the site, UTC µs, {@link Long#MIN_VALUE} beyond the table
 */
public record SiteShaking(
    double epicentralKm,
    double pgaG,
    double pgvCmS,
    double pgaSigmaLn,
    double pgvSigmaLn,
    double mmi,
    long pArrivalMicros,
    long sArrivalMicros) {

  /** Standard gravity in cm/s², to convert PGA for the intensity conversion. */
  public static final double G_CM_S2 = 980.665;

  /** Whether the travel-time table covers the site (within its distance range). */
  public boolean hasArrivals() {
    return sArrivalMicros != Long.MIN_VALUE;
  }

  /** Seconds from {@code nowMicros} until the S wave arrives (negative once it has passed). */
  public double secondsToS(long nowMicros) {
    return hasArrivals() ? (sArrivalMicros - nowMicros) / 1e6 : Double.NaN;
  }
}
