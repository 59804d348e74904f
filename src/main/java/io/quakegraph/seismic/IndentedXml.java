package io.quakegraph.seismic;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A minimal indenting XML writer for the metadata formats we emit (StationXML, QuakeML).
 *
 * <p>Hand-rolled rather than {@code XMLStreamWriter} so the output is indented for people reading
 * the synthetic archives, and so numbers are written with {@link Double#toString}, whose shortest
 * round-trip form guarantees that write-then-read reproduces every double exactly.
 */
final class IndentedXml {
  private final Writer out;
  private final Deque<String> open = new ArrayDeque<>();

  IndentedXml(Writer out) throws IOException {
    this.out = out;
    out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  }

  /** Opens an element; {@code attributes} are name/value pairs, a null value omits the pair. */
  IndentedXml start(String name, String... attributes) throws IOException {
    indent();
    out.write('<');
    out.write(name);
    writeAttributes(attributes);
    out.write(">\n");
    open.push(name);
    return this;
  }

  /** An element without content, e.g. {@code <waveformID networkCode="CI" .../>}. */
  IndentedXml empty(String name, String... attributes) throws IOException {
    indent();
    out.write('<');
    out.write(name);
    writeAttributes(attributes);
    out.write("/>\n");
    return this;
  }

  /** A leaf element with text content. */
  IndentedXml leaf(String name, String text, String... attributes) throws IOException {
    indent();
    out.write('<');
    out.write(name);
    writeAttributes(attributes);
    out.write('>');
    out.write(escape(text));
    out.write("</");
    out.write(name);
    out.write(">\n");
    return this;
  }

  IndentedXml leaf(String name, double value) throws IOException {
    return leaf(name, number(value));
  }

  IndentedXml end() throws IOException {
    String name = open.pop();
    indent();
    out.write("</");
    out.write(name);
    out.write(">\n");
    return this;
  }

  void finish() throws IOException {
    if (!open.isEmpty()) {
      throw new IllegalStateException("unclosed elements: " + open);
    }
    out.flush();
  }

  /** xs:double lexical form: shortest exact decimal, and INF/-INF instead of Java's Infinity. */
  static String number(double v) {
    if (Double.isInfinite(v)) {
      return v > 0 ? "INF" : "-INF";
    }
    return Double.toString(v);
  }

  private void writeAttributes(String... attributes) throws IOException {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException("attributes must be name/value pairs");
    }
    for (int i = 0; i < attributes.length; i += 2) {
      if (attributes[i + 1] == null) {
        continue;
      }
      out.write(' ');
      out.write(attributes[i]);
      out.write("=\"");
      out.write(escape(attributes[i + 1]));
      out.write('"');
    }
  }

  private void indent() throws IOException {
    for (int i = 0; i < open.size(); i++) {
      out.write("  ");
    }
  }

  static String escape(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep =
          switch (c) {
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '&' -> "&amp;";
            case '"' -> "&quot;";
            case '\n' -> "&#10;";
            case '\r' -> "&#13;";
            case '\t' -> "&#9;";
            default -> null;
          };
      if (rep == null && c < 0x20) {
        // XML 1.0 cannot carry other control characters at all, not even as references.
        rep = "\uFFFD";
      }
      if (rep != null) {
        if (b == null) {
          b = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        b.append(rep);
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }
}
