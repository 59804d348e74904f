package io.quakegraph.dataset;

import io.quakegraph.seismic.CatalogReadResult;
import io.quakegraph.seismic.ComCatCsv;
import io.quakegraph.seismic.ComCatGeoJson;
import io.quakegraph.seismic.QuakeMl;
import io.quakegraph.seismic.ScsnCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads an earthquake catalogue in whichever format the file holds: QuakeML, ComCat GeoJSON (a
 * single-event {@code event.json} or a FeatureCollection), ComCat CSV or the SCSN tab-separated
 * catalogue. The format is recognised from the content (a leading {@code <} is XML, a leading
 * {@code {} is JSON) and, for the two text tables, from the extension ({@code .tsv} is SCSN).
 */
public final class CatalogFiles {
  private CatalogFiles() {}

  /** The formats understood. */
  public enum Format {
    QUAKEML,
    GEOJSON,
    COMCAT_CSV,
    SCSN_TSV
  }

  /** The format of {@code file}, from its first non-blank byte and its extension. */
  public static Format detect(Path file) throws IOException {
    int first = -1;
    try (InputStream in = Files.newInputStream(file)) {
      int b;
      // Skip a UTF-8 byte-order mark and white space.
      while ((b = in.read()) >= 0) {
        if (b == 0xEF || b == 0xBB || b == 0xBF || Character.isWhitespace(b)) {
          continue;
        }
        first = b;
        break;
      }
    }
    if (first < 0) {
      throw new IOException(file + ": empty catalogue file");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (first == '<') {
      return Format.QUAKEML;
    }
    if (first == '{' || first == '[') {
      return Format.GEOJSON;
    }
    return name.endsWith(".tsv") ? Format.SCSN_TSV : Format.COMCAT_CSV;
  }

  /**
   * All events of the catalogue and the rows that were skipped (each naming file, line and
   * reason).
   *
   * @throws IOException naming the file when it cannot be read or parsed at all
   */
  public static CatalogReadResult read(Path file) throws IOException {
    return switch (detect(file)) {
      case QUAKEML -> QuakeMl.readWithProblems(file);
      case GEOJSON -> new CatalogReadResult(ComCatGeoJson.readAll(file), List.of());
      case COMCAT_CSV -> ComCatCsv.readWithProblems(file);
      case SCSN_TSV -> ScsnCatalog.readWithProblems(file);
    };
  }
}
