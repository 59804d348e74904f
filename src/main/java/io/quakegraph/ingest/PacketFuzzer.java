package io.quakegraph.ingest;

import io.quakegraph.schema.DeadLetterReason;
import io.quakegraph.seismic.Encoding;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeed2Writer;
import io.quakegraph.seismic.MiniSeed3Writer;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Times;
import io.quakegraph.seismic.Trace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded mutation fuzzer for {@link PacketValidator}: valid miniSEED 2 and 3 records (Steim-1,
 * Steim-2, int, float; 512 and 4096 bytes) are damaged by bit flips, byte insertions and deletions,
 * truncations, header field overwrites and splices of two records, and each result is validated.
 * The contract checked: validation returns Accepted or Rejected and never throws, the parser never
 * fails with anything but its own checked exception (the validator's {@link
 * PacketValidator#PARSER_BUG_COUNTER} stays 0), and every accepted record parses again and decodes
 * its samples. The same seed gives the same mutations.
 */
public final class PacketFuzzer {
  private final long seed;
  private final List<byte[]> corpus;

  /** A fuzzer over a built-in corpus of valid records. */
  public PacketFuzzer(long seed) {
    this.seed = seed;
    this.corpus = corpus(seed);
  }

  /**
   * What a run found.
   *
   * @param records mutated records validated
   * @param accepted how many were accepted
   * @param rejected rejections by reason
   * @param failures contract violations (exceptions, parser bugs, accepted records that do not
   *     decode)
   * @param firstFailure description of the first violation, or null
   * @param seconds wall time
   */
  public record Result(
      long records,
      long accepted,
      Map<DeadLetterReason, Long> rejected,
      long failures,
      String firstFailure,
      double seconds) {

    /** Records per second. */
    public double rate() {
      return seconds > 0 ? records / seconds : 0;
    }
  }

  /** Validates {@code n} mutated records. */
  public Result run(long n) {
    long t0 = System.nanoTime();
    SplittableRandom rnd = new SplittableRandom(seed);
    IngestMetrics metrics = new IngestMetrics();
    // A small duplicate memory and no inventory: the checks after parsing are exercised too.
    PacketValidator v = new PacketValidator(null, ValidatorOptions.DEFAULTS, metrics);
    long receive = Times.parse("2030-01-01T00:00:00Z");
    long failures = 0;
    String first = null;
    Map<DeadLetterReason, Long> rejected = new EnumMap<>(DeadLetterReason.class);
    long accepted = 0;
    for (long i = 0; i < n; i++) {
      byte[] m = mutate(rnd);
      String problem = null;
      try {
        Validation out = v.validate(m, "fuzz", receive);
        if (out instanceof Validation.Accepted a) {
          accepted++;
          MiniSeedRecord again = MiniSeed.parse(a.record().bytes());
          if (again.hasWaveform()) {
            again.samples();
          }
        } else {
          rejected.merge(((Validation.Rejected) out).letter().getReason(), 1L, Long::sum);
        }
      } catch (Exception | AssertionError e) {
        problem = "mutation " + i + ": " + e;
      }
      if (problem == null && metrics.count(PacketValidator.PARSER_BUG_COUNTER) > failures) {
        problem = "mutation " + i + ": the parser threw an unexpected exception (see the log)";
      }
      if (problem != null) {
        failures++;
        if (first == null) {
          first = problem;
        }
      }
    }
    return new Result(n, accepted, rejected, failures, first, (System.nanoTime() - t0) / 1e9);
  }

  /** One mutated record. */
  byte[] mutate(SplittableRandom rnd) {
    byte[] base = corpus.get(rnd.nextInt(corpus.size()));
    int kind = rnd.nextInt(8);
    byte[] b = base.clone();
    switch (kind) {
      case 0 -> { // bit flips
        int flips = 1 + rnd.nextInt(8);
        for (int k = 0; k < flips; k++) {
          int at = rnd.nextInt(b.length);
          b[at] ^= (byte) (1 << rnd.nextInt(8));
        }
      }
      case 1 -> { // byte insertion
        int at = rnd.nextInt(b.length + 1);
        int len = 1 + rnd.nextInt(16);
        byte[] out = new byte[b.length + len];
        System.arraycopy(b, 0, out, 0, at);
        for (int k = 0; k < len; k++) {
          out[at + k] = (byte) rnd.nextInt(256);
        }
        System.arraycopy(b, at, out, at + len, b.length - at);
        b = out;
      }
      case 2 -> { // byte deletion
        int at = rnd.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + rnd.nextInt(16));
        byte[] out = new byte[b.length - len];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + len, out, at, b.length - at - len);
        b = out;
      }
      case 3 -> b = Arrays.copyOf(b, rnd.nextInt(b.length)); // truncation
      case 4,
          5 -> { // header field overwrite: the first 64 bytes hold every field that steers parsing
        int fields = 1 + rnd.nextInt(3);
        for (int k = 0; k < fields; k++) {
          int at = rnd.nextInt(Math.min(64, b.length));
          int width = 1 + rnd.nextInt(4);
          for (int w = 0; w < width && at + w < b.length; w++) {
            b[at + w] = interesting(rnd);
          }
        }
      }
      case 6 -> { // splice: head of one record, tail of another
        byte[] other = corpus.get(rnd.nextInt(corpus.size()));
        int cutA = rnd.nextInt(b.length + 1);
        int cutB = rnd.nextInt(other.length + 1);
        byte[] out = new byte[cutA + other.length - cutB];
        System.arraycopy(b, 0, out, 0, cutA);
        System.arraycopy(other, cutB, out, cutA, other.length - cutB);
        b = out;
      }
      default -> { // a run of random bytes in the payload
        int at = rnd.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + rnd.nextInt(64));
        for (int k = 0; k < len; k++) {
          b[at + k] = (byte) rnd.nextInt(256);
        }
      }
    }
    return b;
  }

  private static byte interesting(SplittableRandom rnd) {
    return switch (rnd.nextInt(6)) {
      case 0 -> 0;
      case 1 -> (byte) 0xff;
      case 2 -> (byte) 0x7f;
      case 3 -> (byte) 0x80;
      case 4 -> (byte) ('0' + rnd.nextInt(10));
      default -> (byte) rnd.nextInt(256);
    };
  }

  /** Valid records of several formats, encodings and lengths. */
  private static List<byte[]> corpus(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5eed);
    double[] s = new double[3000];
    double x = 0;
    for (int k = 0; k < s.length; k++) {
      x = 0.9 * x + rnd.nextGaussian() * 2000;
      s[k] = Math.rint(x);
    }
    long start = Times.parse("2019-07-06T03:00:00.012345Z");
    Trace t = new Trace(SourceId.parse("CI.FUZZ..HHZ"), start, 100, s);
    Trace slow = new Trace(SourceId.parse("CI.FUZZ.00.LHZ"), start, 1, Arrays.copyOf(s, 300));
    List<byte[]> out = new ArrayList<>();
    out.addAll(first(new MiniSeed2Writer(Encoding.STEIM2, 512).records(t, 1), 4));
    out.addAll(first(new MiniSeed2Writer(Encoding.STEIM1, 4096).records(t, 1), 2));
    out.addAll(first(new MiniSeed2Writer(Encoding.INT32, 512).records(t, 1), 2));
    out.addAll(first(new MiniSeed2Writer(Encoding.FLOAT32, 512).records(slow, 1), 2));
    out.addAll(first(MiniSeed2Writer.shortRecords(Encoding.STEIM2, 1).records(t, 1), 2));
    MiniSeed3Writer w3 = new MiniSeed3Writer();
    out.addAll(first(w3.records(t, Encoding.STEIM2, 4096), 2));
    out.addAll(first(w3.records(t, Encoding.INT32, 1024), 2));
    out.addAll(first(w3.records(slow, Encoding.FLOAT64, 1024), 1));
    return out;
  }

  private static List<byte[]> first(List<byte[]> l, int n) {
    return l.subList(0, Math.min(n, l.size()));
  }
}
