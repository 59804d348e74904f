package io.quakegraph.seismic;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tab-separated SCSN catalog layout used by GaMMA ({@code time magnitude longitude latitude
 * depth(m)}, time ISO-8601 UTC without zone). The file has no event ids or magnitude types: an id
 * {@code scsn_<yyyyMMddTHHmmss.SSSSSS>} is made from the origin time, and the magnitude type is
 * left empty (unknown). Depth is converted from metres to km.
 */
public final class ScsnCatalog {
  private static final Logger LOG = LoggerFactory.getLogger(ScsnCatalog.class);

  private ScsnCatalog() {}

  /** The events of the file; bad rows are skipped and logged. */
  public static List<Earthquake> read(Path file) throws IOException {
    return readWithProblems(file).events();
  }

  /** Reads the catalog, listing skipped rows with their line numbers. */
  public static CatalogReadResult readWithProblems(Path file) throws IOException {
    List<Earthquake> events = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null) {
        throw new IOException(file + ": empty file, expected an SCSN catalog header");
      }
      Map<String, Integer> col = new HashMap<>();
      String[] names = header.split("\t");
      for (int i = 0; i < names.length; i++) {
        col.put(names[i].trim(), i);
      }
      for (String n : List.of("time", "magnitude", "longitude", "latitude", "depth(m)")) {
        if (!col.containsKey(n)) {
          throw new IOException(file + ": header lacks column '" + n + "': " + header);
        }
      }
      int lineNo = 1;
      String line;
      while ((line = r.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        try {
          String[] f = line.split("\t", -1);
          if (f.length != names.length) {
            throw new IllegalArgumentException(
                "%d fields, header has %d".formatted(f.length, names.length));
          }
          long t = Times.parse(f[col.get("time")]);
          Origin o =
              new Origin(
                  t,
                  Double.parseDouble(f[col.get("latitude")].trim()),
                  Double.parseDouble(f[col.get("longitude")].trim()),
                  Double.parseDouble(f[col.get("depth(m)")].trim()) / 1000.0);
          String id = "scsn_" + Times.format(t).replace("-", "").replace(":", "").replace("Z", "");
          events.add(
              new Earthquake(
                  id, o, Double.parseDouble(f[col.get("magnitude")].trim()), "", List.of()));
        } catch (RuntimeException e) {
          String problem = "%s:%d: skipped event row: %s".formatted(file, lineNo, e.getMessage());
          LOG.warn(problem);
          problems.add(problem);
        }
      }
    }
    return new CatalogReadResult(events, problems);
  }
}
