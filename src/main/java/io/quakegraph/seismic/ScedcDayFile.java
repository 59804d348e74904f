package io.quakegraph.seismic;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One channel-day file of the public SCEDC continuous archive, named exactly as SCEDC names them:
 * {@code continuous_waveforms/YYYY/YYYY_DDD/NETSTA__CHA___YYYYDDD.ms}, where the network is padded
 * to 2 characters with '_', the station to 5, the channel is 3 characters and the location is
 * padded to 3 (so a blank location is {@code ___}). Examples: {@code CIHEC__BHN___2022002.ms},
 * {@code CIFOX2_LHZ___2022002.ms}, {@code CIBAK__HHZ___2017001.ms}.
 *
 * @param id the channel
 * @param day the UTC day the file covers, from 00:00:00 to the next midnight
 */
public record ScedcDayFile(SourceId id, LocalDate day) {
  /** Length of every SCEDC day-file name: 2 + 5 + 3 + 3 + 7 characters plus {@code .ms}. */
  private static final int NAME_LENGTH = 23;

  public ScedcDayFile {
    if (id.network().length() > 2 || id.network().isEmpty()) {
      throw new IllegalArgumentException("SCEDC names need a 1-2 character network: " + id);
    }
    if (id.station().length() > 5 || id.station().isEmpty()) {
      throw new IllegalArgumentException("SCEDC names need a 1-5 character station: " + id);
    }
    if (id.channel().length() != 3) {
      throw new IllegalArgumentException("SCEDC names need a 3 character channel: " + id);
    }
    if (id.location().length() > 3) {
      throw new IllegalArgumentException("SCEDC names need a 0-3 character location: " + id);
    }
  }

  /** The day file that holds the sample of {@code id} time-stamped {@code micros}. */
  public static ScedcDayFile of(SourceId id, long micros) {
    return new ScedcDayFile(id, Times.instant(micros).atZone(ZoneOffset.UTC).toLocalDate());
  }

  /** The bare file name, e.g. {@code CIHEC__BHN___2022002.ms}. */
  public String fileName() {
    return pad(id.network(), 2)
        + pad(id.station(), 5)
        + id.channel()
        + pad(id.location(), 3)
        + "%04d%03d.ms".formatted(day.getYear(), day.getDayOfYear());
  }

  /** The path below the archive root: {@code continuous_waveforms/YYYY/YYYY_DDD/<fileName>}. */
  public Path relativePath() {
    return Path.of(
        "continuous_waveforms",
        "%04d".formatted(day.getYear()),
        "%04d_%03d".formatted(day.getYear(), day.getDayOfYear()),
        fileName());
  }

  /** Epoch µs of the first instant of the day (00:00:00 UTC). */
  public long dayStartMicros() {
    return Times.micros(day.atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** Epoch µs of the next midnight, where this file's data ends (exclusive). */
  public long dayEndMicros() {
    return Times.micros(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
  }

  /** Epoch µs of the first midnight UTC strictly after {@code micros}. */
  public static long nextMidnight(long micros) {
    long day = 86_400_000_000L;
    return Math.floorDiv(micros, day) * day + day;
  }

  /**
   * Parses an SCEDC day-file name (a bare name or a path; only the last element is read).
   *
   * @throws IllegalArgumentException naming the file when it is not an SCEDC day-file name
   */
  public static ScedcDayFile parse(String fileName) {
    String name = fileName;
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    if (slash >= 0) {
      name = name.substring(slash + 1);
    }
    if (name.length() != NAME_LENGTH || !name.endsWith(".ms")) {
      throw new IllegalArgumentException(
          "not an SCEDC day-file name (NETSTA__CHA___YYYYDDD.ms, 23 characters): '"
              + fileName
              + "'");
    }
    String network = unpad(name.substring(0, 2));
    String station = unpad(name.substring(2, 7));
    String channel = name.substring(7, 10);
    String location = unpad(name.substring(10, 13));
    String yearDay = name.substring(13, 20);
    if (network.isEmpty() || station.isEmpty() || channel.contains("_")) {
      throw new IllegalArgumentException(
          "not an SCEDC day-file name (empty network, station or channel): '" + fileName + "'");
    }
    if (!yearDay.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "not an SCEDC day-file name (YYYYDDD is not a year and day of year): '" + fileName + "'");
    }
    int year = Integer.parseInt(yearDay.substring(0, 4));
    int dayOfYear = Integer.parseInt(yearDay.substring(4));
    if (dayOfYear < 1 || dayOfYear > LocalDate.of(year, 1, 1).lengthOfYear()) {
      throw new IllegalArgumentException(
          "not an SCEDC day-file name (day of year "
              + dayOfYear
              + " out of range): '"
              + fileName
              + "'");
    }
    return new ScedcDayFile(
        new SourceId(network, station, location, channel), LocalDate.ofYearDay(year, dayOfYear));
  }

  private static String pad(String s, int width) {
    return s + "_".repeat(width - s.length());
  }

  private static String unpad(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '_') {
      end--;
    }
    return s.substring(0, end);
  }
}
