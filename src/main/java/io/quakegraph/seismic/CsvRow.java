package io.quakegraph.seismic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One RFC 4180 CSV record addressed by header name. ComCat and the station CSV quote fields that
 * contain commas ({@code "14km SSW of Searles Valley, CA"}), so a plain split would shift columns.
 */
final class CsvRow {
  private final Header header;
  private final List<String> fields;

  private CsvRow(Header header, List<String> fields) {
    this.header = header;
    this.fields = fields;
  }

  /** The field in column {@code name}; "" when the row is shorter than the header. */
  String get(String name) {
    Integer i = header.index.get(name);
    if (i == null) {
      throw new IllegalArgumentException("no column '" + name + "'");
    }
    return i < fields.size() ? fields.get(i) : "";
  }

  /** The column names and their positions. */
  static final class Header {
    private final Map<String, Integer> index = new HashMap<>();
    private final int size;

    private Header(List<String> names) {
      for (int i = 0; i < names.size(); i++) {
        index.putIfAbsent(names.get(i).trim(), i);
      }
      size = names.size();
    }

    static Header of(String line, Path file) throws IOException {
      String l = line.startsWith("\uFEFF") ? line.substring(1) : line;
      try {
        return new Header(split(l));
      } catch (IllegalArgumentException e) {
        throw new IOException(file + ": bad CSV header: " + e.getMessage(), e);
      }
    }

    boolean has(String name) {
      return index.containsKey(name);
    }

    void require(Path file, String... names) throws IOException {
      for (String n : names) {
        if (!has(n)) {
          throw new IOException(file + ": CSV header lacks column '" + n + "'");
        }
      }
    }

    /**
     * Parses a data line.
     *
     * @throws IllegalArgumentException when quotes are unbalanced or the row has more fields
     */
    CsvRow row(String line) {
      List<String> f = split(line);
      if (f.size() > size) {
        throw new IllegalArgumentException(
            "%d fields but the header has %d".formatted(f.size(), size));
      }
      return new CsvRow(this, f);
    }
  }

  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            field.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
      i++;
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quoted field");
    }
    out.add(field.toString());
    return out;
  }
}
