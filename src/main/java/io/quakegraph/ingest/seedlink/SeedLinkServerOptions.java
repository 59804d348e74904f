package io.quakegraph.ingest.seedlink;

/**
 * Settings of a {@link SeedLinkServer}.
 *
 * @param bind address to listen on; 127.0.0.1 by default so nothing is exposed by accident
 * @param port port; 0 picks a free one
 * @param speed data seconds per wall second; {@code Double.POSITIVE_INFINITY} for "max"
 * @param loop whether to repeat the archive forever
 * @param idleTimeoutSeconds a client that sends nothing for this long during the handshake is
 *     disconnected
 * @param maxClients connections served at once
 * @param ringPackets how far back (packets per station) a client can resume
 * @param organization organization named in HELLO and INFO
 */
public record SeedLinkServerOptions(
    String bind,
    int port,
    double speed,
    boolean loop,
    int idleTimeoutSeconds,
    int maxClients,
    long ringPackets,
    String organization) {

  /** Validates. */
  public SeedLinkServerOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive: " + speed);
    }
    if (idleTimeoutSeconds < 1) {
      throw new IllegalArgumentException("idle timeout must be >= 1 s: " + idleTimeoutSeconds);
    }
    if (maxClients < 1) {
      throw new IllegalArgumentException("max clients must be >= 1: " + maxClients);
    }
    if (ringPackets < 1 || ringPackets > SeedLinkSequence.MODULUS / 2) {
      throw new IllegalArgumentException(
          "ring size must be 1.." + SeedLinkSequence.MODULUS / 2 + " packets: " + ringPackets);
    }
  }

  /** Loopback, a free port, real time, no loop, 120 s idle timeout, 64 clients, 2^22 packets. */
  public static SeedLinkServerOptions defaults() {
    return new SeedLinkServerOptions("127.0.0.1", 0, 1, false, 120, 64, 1L << 22, "QuakeGraph");
  }

  /** Whether packets are sent as fast as possible. */
  public boolean isMaxSpeed() {
    return Double.isInfinite(speed);
  }

  /** "max" or the factor. */
  public String speedLabel() {
    return isMaxSpeed()
        ? "max"
        : (speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed)) + "x";
  }

  /**
   * Parses a speed: a positive factor ({@code 1}, {@code 10}, {@code 0.5}) or {@code max}.
   *
   * @throws IllegalArgumentException naming the text otherwise
   */
  public static double parseSpeed(String text) {
    String s = text.trim().toLowerCase(java.util.Locale.ROOT);
    if (s.equals("max")) {
      return Double.POSITIVE_INFINITY;
    }
    if (s.endsWith("x")) {
      s = s.substring(0, s.length() - 1);
    }
    try {
      double v = Double.parseDouble(s);
      if (v > 0 && !Double.isInfinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException("speed must be a positive number or 'max': '" + text + "'");
  }

  /** A builder that starts from this record's values: {@code x.toBuilder().name(v).build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Sets any of the fields of a {@link SeedLinkServerOptions}; {@link #build} checks them as the
   * constructor does.
   */
  public static final class Builder {
    private String bind;
    private int port;
    private double speed;
    private boolean loop;
    private int idleTimeoutSeconds;
    private int maxClients;
    private long ringPackets;
    private String organization;

    private Builder(SeedLinkServerOptions from) {
      bind = from.bind;
      port = from.port;
      speed = from.speed;
      loop = from.loop;
      idleTimeoutSeconds = from.idleTimeoutSeconds;
      maxClients = from.maxClients;
      ringPackets = from.ringPackets;
      organization = from.organization;
    }

    public Builder bind(String value) {
      bind = value;
      return this;
    }

    public Builder port(int value) {
      port = value;
      return this;
    }

    public Builder speed(double value) {
      speed = value;
      return this;
    }

    public Builder loop(boolean value) {
      loop = value;
      return this;
    }

    public Builder idleTimeoutSeconds(int value) {
      idleTimeoutSeconds = value;
      return this;
    }

    public Builder maxClients(int value) {
      maxClients = value;
      return this;
    }

    public Builder ringPackets(long value) {
      ringPackets = value;
      return this;
    }

    public Builder organization(String value) {
      organization = value;
      return this;
    }

    public SeedLinkServerOptions build() {
      return new SeedLinkServerOptions(
          bind, port, speed, loop, idleTimeoutSeconds, maxClients, ringPackets, organization);
    }
  }
}
