package io.quakegraph.seismic;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Where a waveform archive keeps each channel's data: the file that holds a sample, and the time at
 * which that file ends (a trace that crosses it is split there).
 */
public sealed interface ArchiveLayout permits ArchiveLayout.Scedc, ArchiveLayout.Flat {

  /** The layout's name as the CLI spells it ({@code scedc} or {@code flat}). */
  String name();

  /**
   * The file, below the archive root, that holds the sample of {@code id} stamped {@code micros}.
   */
  Path file(SourceId id, long micros);

  /** Epoch µs at which the file holding a sample stamped {@code micros} ends (exclusive). */
  long fileEnd(long micros);

  /** The SCEDC continuous archive: one miniSEED file per channel and UTC day. */
  static ArchiveLayout scedc() {
    return new Scedc();
  }

  /**
   * One miniSEED file per channel for the whole span {@code [spanStart, spanEnd)}; the span is part
   * of the name so that archives of different spans can sit side by side.
   */
  static ArchiveLayout flat(long spanStartMicros, long spanEndMicros) {
    return new Flat(spanStartMicros, spanEndMicros);
  }

  /**
   * The layout named {@code name} ({@code scedc} or {@code flat}, any case).
   *
   * @throws IllegalArgumentException for any other name
   */
  static ArchiveLayout named(String name, long spanStartMicros, long spanEndMicros) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "scedc" -> scedc();
      case "flat" -> flat(spanStartMicros, spanEndMicros);
      default ->
          throw new IllegalArgumentException(
              "unknown archive layout '" + name + "' (expected scedc or flat)");
    };
  }

  /**
   * SCEDC day files {@code continuous_waveforms/YYYY/YYYY_DDD/NETSTA__CHA___YYYYDDD.ms}; data that
   * crosses midnight UTC continues in the next day's file, as in the public archive.
   */
  record Scedc() implements ArchiveLayout {
    @Override
    public String name() {
      return "scedc";
    }

    @Override
    public Path file(SourceId id, long micros) {
      return ScedcDayFile.of(id, micros).relativePath();
    }

    @Override
    public long fileEnd(long micros) {
      return ScedcDayFile.nextMidnight(micros);
    }
  }

  /**
   * {@code waveforms/NET.STA.LOC.CHA__<start>__<end>.mseed}, times as {@code 20190706T030000Z} (the
   * nominal span; data shifted by a timing offset stays in the same file).
   *
   * @param spanStartMicros the scenario start
   * @param spanEndMicros the scenario end (exclusive)
   */
  record Flat(long spanStartMicros, long spanEndMicros) implements ArchiveLayout {
    private static final DateTimeFormatter COMPACT =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    public Flat {
      if (spanEndMicros <= spanStartMicros) {
        throw new IllegalArgumentException(
            "empty span: " + Times.format(spanStartMicros) + " to " + Times.format(spanEndMicros));
      }
    }

    @Override
    public String name() {
      return "flat";
    }

    @Override
    public Path file(SourceId id, long micros) {
      return Path.of(
          "waveforms",
          "%s__%s__%s.mseed"
              .formatted(
                  id,
                  COMPACT.format(Times.instant(spanStartMicros)),
                  COMPACT.format(Times.instant(spanEndMicros))));
    }

    @Override
    public long fileEnd(long micros) {
      return Long.MAX_VALUE;
    }
  }
}
