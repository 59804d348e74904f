package io.quakegraph.seismic;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * USGS ComCat CSV catalogs (the {@code format=csv} answer of the FDSN event service): header {@code
 * time,latitude,longitude,depth,mag,magType,...,id,...}, time ISO-8601 UTC with milliseconds, depth
 * in km. Columns are found by name, so their order may vary. Events carry no picks.
 */
public final class ComCatCsv {
  private static final Logger LOG = LoggerFactory.getLogger(ComCatCsv.class);

  private ComCatCsv() {}

  /** The events of the file; bad rows are skipped and logged (see {@link #readWithProblems}). */
  public static List<Earthquake> read(Path file) throws IOException {
    return readWithProblems(file).events();
  }

  /**
   * Reads the catalog, skipping rows with a missing or unparsable time, latitude, longitude, depth
   * or id; each is logged at WARN and listed with its line number. An empty magnitude is kept as
   * NaN.
   *
   * @throws IOException when the file cannot be read or the header lacks a required column
   */
  public static CatalogReadResult readWithProblems(Path file) throws IOException {
    List<Earthquake> events = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null) {
        throw new IOException(file + ": empty file, expected a ComCat CSV header");
      }
      CsvRow.Header h = CsvRow.Header.of(header, file);
      h.require(file, "time", "latitude", "longitude", "depth", "mag", "id");
      int lineNo = 1;
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          CsvRow row = h.row(line);
          String id = row.get("id").trim();
          if (id.isEmpty()) {
            throw new IllegalArgumentException("empty id");
          }
          Origin o =
              new Origin(
                  Times.parse(row.get("time")),
                  number(row, "latitude"),
                  number(row, "longitude"),
                  number(row, "depth"));
          String mag = row.get("mag").trim();
          events.add(
              new Earthquake(
                  id,
                  o,
                  mag.isEmpty() ? Double.NaN : Double.parseDouble(mag),
                  h.has("magType") ? row.get("magType").trim() : "",
                  List.of()));
        } catch (RuntimeException e) {
          String problem = "%s:%d: skipped event row: %s".formatted(file, lineNo, e.getMessage());
          LOG.warn(problem);
          problems.add(problem);
        }
      }
    }
    return new CatalogReadResult(events, problems);
  }

  private static double number(CsvRow row, String column) {
    String v = row.get(column).trim();
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(column + " is not a number: '" + v + "'", e);
    }
  }
}
