package io.quakegraph.ingest.replay;

import java.net.URI;

/**
 * How to replay an archive.
 *
 * @param archive a local folder, or {@code s3://bucket/prefix}
 * @param selection the time window and channels
 * @param speed data seconds per wall-clock second; {@link Double#POSITIVE_INFINITY} for as fast as
 *     possible
 * @param packetSeconds cut the data into records of about this many seconds; 0 keeps the archive's
 *     records
 * @param s3Endpoint an S3-compatible endpoint instead of AWS (null for AWS)
 * @param s3Region the bucket's region
 * @param s3PathStyle address the bucket in the URL path rather than the host name
 * @param progressSeconds seconds between progress lines; 0 for none
 */
public record ReplayOptions(
    String archive,
    Selection selection,
    double speed,
    double packetSeconds,
    URI s3Endpoint,
    String s3Region,
    boolean s3PathStyle,
    double progressSeconds) {

  public ReplayOptions {
    if (archive == null || archive.isBlank()) {
      throw new IllegalArgumentException("no archive given");
    }
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive (or max): " + speed);
    }
    if (!(packetSeconds >= 0) || Double.isInfinite(packetSeconds)) {
      throw new IllegalArgumentException("packet seconds must be >= 0: " + packetSeconds);
    }
    if (!(progressSeconds >= 0)) {
      throw new IllegalArgumentException("progress interval must be >= 0: " + progressSeconds);
    }
    if (s3Region == null || s3Region.isBlank()) {
      s3Region = S3Archive.SCEDC_REGION;
    }
  }

  /** A replay of everything in {@code archive} as fast as possible, records as they are. */
  public static ReplayOptions of(String archive) {
    return new ReplayOptions(
        archive, Selection.ALL, Double.POSITIVE_INFINITY, 0, null, null, false, 0);
  }

  /** Whether the archive is an S3 URI. */
  public boolean isS3() {
    return archive.startsWith("s3://");
  }

  /** A builder that starts from this record's values: {@code x.toBuilder().name(v).build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Sets any of the fields of a {@link ReplayOptions}; {@link #build} checks them as the
   * constructor does.
   */
  public static final class Builder {
    private String archive;
    private Selection selection;
    private double speed;
    private double packetSeconds;
    private URI s3Endpoint;
    private String s3Region;
    private boolean s3PathStyle;
    private double progressSeconds;

    private Builder(ReplayOptions from) {
      archive = from.archive;
      selection = from.selection;
      speed = from.speed;
      packetSeconds = from.packetSeconds;
      s3Endpoint = from.s3Endpoint;
      s3Region = from.s3Region;
      s3PathStyle = from.s3PathStyle;
      progressSeconds = from.progressSeconds;
    }

    public Builder archive(String value) {
      archive = value;
      return this;
    }

    public Builder selection(Selection value) {
      selection = value;
      return this;
    }

    public Builder speed(double value) {
      speed = value;
      return this;
    }

    public Builder packetSeconds(double value) {
      packetSeconds = value;
      return this;
    }

    public Builder s3Endpoint(URI value) {
      s3Endpoint = value;
      return this;
    }

    public Builder s3Region(String value) {
      s3Region = value;
      return this;
    }

    public Builder s3PathStyle(boolean value) {
      s3PathStyle = value;
      return this;
    }

    public Builder progressSeconds(double value) {
      progressSeconds = value;
      return this;
    }

    public ReplayOptions build() {
      return new ReplayOptions(
          archive,
          selection,
          speed,
          packetSeconds,
          s3Endpoint,
          s3Region,
          s3PathStyle,
          progressSeconds);
    }
  }
}
