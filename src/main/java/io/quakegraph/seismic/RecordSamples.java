package io.quakegraph.seismic;

import java.util.Arrays;

/**
 * One waveform record's samples, decoded, with the timing {@link Traces#join} needs: what a caller
 * keeps to assemble the same records again without decoding them again.
 *
 * <p>Integer encodings (Steim, INT16/24/32) keep their samples as {@code int}s, half the memory of
 * {@code double}s and converted exactly when a trace is assembled; float encodings keep {@code
 * double}s. Exactly one of {@code ints} and {@code doubles} is non-null. The arrays are shared, not
 * copied: do not change them.
 *
 * @param id the channel
 * @param startMicros time of the first sample, epoch µs
 * @param sampleRate samples per second, positive
 * @param ints the samples of an integer encoding, or null
 * @param doubles the samples of a float encoding, or null
 */
public record RecordSamples(
    SourceId id, long startMicros, double sampleRate, int[] ints, double[] doubles) {

  public RecordSamples {
    if ((ints == null) == (doubles == null)) {
      throw new IllegalArgumentException("exactly one of ints and doubles must be given");
    }
  }

  /**
   * Decodes a record's samples.
   *
   * @throws IllegalStateException if the record holds no waveform
   */
  public static RecordSamples of(MiniSeedRecord r) {
    if (!r.hasWaveform()) {
      throw new IllegalStateException("record of " + r.id() + " holds no waveform samples");
    }
    return r.encoding().isInteger()
        ? new RecordSamples(r.id(), r.startMicros(), r.sampleRate(), r.intSamples(), null)
        : new RecordSamples(r.id(), r.startMicros(), r.sampleRate(), null, r.samples());
  }

  /** Number of samples. */
  public int size() {
    return ints != null ? ints.length : doubles.length;
  }

  /** Bytes the sample array takes (its elements, without the array header). */
  public long sampleBytes() {
    return ints != null ? 4L * ints.length : 8L * doubles.length;
  }

  /** Copies the samples, as doubles, into {@code dst} from index {@code at}. */
  public void copyTo(double[] dst, int at) {
    if (doubles != null) {
      System.arraycopy(doubles, 0, dst, at, doubles.length);
      return;
    }
    for (int i = 0; i < ints.length; i++) {
      dst[at + i] = ints[i];
    }
  }

  /**
   * Whether both hold the same samples as doubles (as {@link Arrays#equals(double[], double[])}).
   */
  public boolean sameSamples(RecordSamples o) {
    if (ints != null && o.ints != null) {
      return Arrays.equals(ints, o.ints);
    }
    if (doubles != null && o.doubles != null) {
      return Arrays.equals(doubles, o.doubles);
    }
    return Arrays.equals(asDoubles(), o.asDoubles());
  }

  private double[] asDoubles() {
    if (doubles != null) {
      return doubles;
    }
    double[] d = new double[ints.length];
    copyTo(d, 0);
    return d;
  }
}
