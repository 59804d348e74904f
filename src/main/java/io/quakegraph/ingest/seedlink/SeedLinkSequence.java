package io.quakegraph.ingest.seedlink;

/**
 * SeedLink 3 packet sequence numbers: 24 bits, written as six upper-case hexadecimal digits after
 * the "SL" signature, wrapping from FFFFFF to 000000.
 *
 * <p>The server numbers packets internally with 64-bit counters (1, 2, 3... per station) and puts
 * the low 24 bits on the wire; clients compare wire numbers with {@link #isAfter}, which treats
 * anything up to half the number space ahead as newer, as libslink does.
 */
public final class SeedLinkSequence {
  /** Number of distinct wire sequence numbers. */
  public static final long MODULUS = 1L << 24;

  private static final long MASK = MODULUS - 1;

  private SeedLinkSequence() {}

  /** The six hexadecimal digits of a sequence number's low 24 bits. */
  public static String format(long sequence) {
    String hex = Long.toHexString(sequence & MASK).toUpperCase(java.util.Locale.ROOT);
    return "000000".substring(hex.length()) + hex;
  }

  /** The low 24 bits of a sequence number. */
  public static int wire(long sequence) {
    return (int) (sequence & MASK);
  }

  /**
   * Parses one to six hexadecimal digits.
   *
   * @throws IllegalArgumentException naming the text when it is not a sequence number
   */
  public static int parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 6) {
      throw new IllegalArgumentException("not a SeedLink sequence number: '" + text + "'");
    }
    int v = 0;
    for (int i = 0; i < text.length(); i++) {
      int d = Character.digit(text.charAt(i), 16);
      if (d < 0) {
        throw new IllegalArgumentException("not a SeedLink sequence number: '" + text + "'");
      }
      v = v << 4 | d;
    }
    return v;
  }

  /** The wire number that follows {@code sequence}. */
  public static int next(int sequence) {
    return (int) ((sequence + 1L) & MASK);
  }

  /**
   * Whether wire number {@code candidate} comes after {@code last}: at most half the number space
   * ahead, so a wrap from FFFFFF to 000000 still counts as forward.
   */
  public static boolean isAfter(int candidate, int last) {
    long diff = (candidate - (long) last) & MASK;
    return diff != 0 && diff < MODULUS / 2;
  }
}
