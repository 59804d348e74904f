package io.quakegraph.seismic;

/**
 * A miniSEED data encoding, identified by its SEED blockette 1000 / miniSEED 3 code.
 *
 * <p>The legacy gain-ranged encodings (GEOSCOPE, CDSN, SRO, DWWSSN) are decoded only: they are
 * found in old archives, and nothing should write them today.
 */
public enum Encoding {
  TEXT(0, 0),
  INT16(1, 2),
  INT24(2, 3),
  INT32(3, 4),
  FLOAT32(4, 4),
  FLOAT64(5, 8),
  STEIM1(10, 0),
  STEIM2(11, 0),
  GEOSCOPE_24(12, 3),
  GEOSCOPE_16_3(13, 2),
  GEOSCOPE_16_4(14, 2),
  USNN(15, 0),
  CDSN(16, 2),
  GRAEFENBERG_16(17, 2),
  IPG_STRASBOURG_16(18, 2),
  STEIM3(19, 0),
  SRO(30, 2),
  HGLP(31, 0),
  DWWSSN(32, 2),
  RSTN_16(33, 2);

  private final int code;
  private final int bytesPerSample;

  Encoding(int code, int bytesPerSample) {
    this.code = code;
    this.bytesPerSample = bytesPerSample;
  }

  /** The numeric code written in blockette 1000 (miniSEED 2) or the header (miniSEED 3). */
  public int code() {
    return code;
  }

  /**
   * Bytes one sample occupies for fixed-width encodings; 0 for compressed (Steim), text and the
   * encodings without a fixed width.
   */
  public int bytesPerSample() {
    return bytesPerSample;
  }

  /** Whether this is a Steim difference compression (level 1 or 2). */
  public boolean isSteim() {
    return this == STEIM1 || this == STEIM2;
  }

  /** Whether decoded samples are exact integers (so {@link MiniSeedRecord#intSamples()} works). */
  public boolean isInteger() {
    return switch (this) {
      case INT16, INT24, INT32, STEIM1, STEIM2, GEOSCOPE_24, CDSN, SRO, DWWSSN -> true;
      default -> false;
    };
  }

  /** Whether {@link MiniSeed} can decode samples of this encoding. */
  public boolean isDecodable() {
    return switch (this) {
      case TEXT,
              INT16,
              INT24,
              INT32,
              FLOAT32,
              FLOAT64,
              STEIM1,
              STEIM2,
              GEOSCOPE_24,
              GEOSCOPE_16_3,
              GEOSCOPE_16_4,
              CDSN,
              SRO,
              DWWSSN ->
          true;
      default -> false;
    };
  }

  /**
   * The encoding with this code.
   *
   * @throws IllegalArgumentException for a code no SEED or miniSEED 3 encoding uses
   */
  public static Encoding fromCode(int code) {
    for (Encoding e : values()) {
      if (e.code == code) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown miniSEED encoding code " + code);
  }
}
