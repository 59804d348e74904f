package io.quakegraph.seismic;

import java.time.LocalDate;

/** Converts the year/day-of-year/hour/minute/second fields of miniSEED headers to epoch time. */
final class RecordTime {
  private RecordTime() {}

  /**
   * Epoch microseconds at the given header time. A leap second (second = 60) is counted as the
   * first second of the next minute, as libmseed and seisFile do: epoch time has no leap seconds.
   */
  static long epochMicros(int year, int dayOfYear, int hour, int minute, int second) {
    long days = LocalDate.ofYearDay(year, dayOfYear).toEpochDay();
    return ((days * 24 + hour) * 60 + minute) * 60_000_000L + second * 1_000_000L;
  }
}
