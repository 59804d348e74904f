package io.quakegraph.seismic;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams an XML document through StAX and reports elements by local name with their ancestry, so
 * readers match {@code Channel/Latitude} regardless of namespace prefix ({@code fsx:}, default or
 * none).
 *
 * <p>Elements from namespaces the caller does not accept (vendor extensions such as {@code sis:} or
 * {@code iris:}) are skipped with their whole subtree, so an extension that reuses a name like
 * {@code Value} cannot leak into the parsed record. Any XML or content error becomes an {@link
 * IOException} naming the source and its line and column.
 */
final class XmlWalker {

  /** Receives the document's elements; exceptions it throws are reported with the location. */
  interface Handler {
    void start(String name, Path path, XMLStreamReader reader);

    void end(String name, Path path, String text);
  }

  /** The ancestors of the current element, innermost last. */
  static final class Path {
    private final List<String> names = new ArrayList<>();

    /** The ancestor {@code up} levels above the current element (1 = parent), or "". */
    String up(int up) {
      int i = names.size() - 1 - up;
      return i >= 0 ? names.get(i) : "";
    }

    /** True when the current element's parent is {@code parent}. */
    boolean under(String parent) {
      return up(1).equals(parent);
    }

    /** True when the current element's parent and grandparent are these. */
    boolean under(String parent, String grandParent) {
      return up(1).equals(parent) && up(2).equals(grandParent);
    }

    int depth() {
      return names.size();
    }
  }

  private static final XMLInputFactory FACTORY = newFactory();

  private XmlWalker() {}

  private static XMLInputFactory newFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    // Metadata files come from outside: never resolve DTDs or external entities (XXE).
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    return f;
  }

  /**
   * Walks the document.
   *
   * @param source the file name used in error messages
   * @param rootName the required local name of the root element
   * @param namespaces accepted namespace URIs; the empty string stands for "no namespace"
   */
  static void walk(
      InputStream in, String source, String rootName, Set<String> namespaces, Handler handler)
      throws IOException {
    XMLStreamReader r = null;
    try {
      r = FACTORY.createXMLStreamReader(source, in);
      Path path = new Path();
      StringBuilder text = new StringBuilder();
      int skipping = 0;
      boolean sawRoot = false;
      while (r.hasNext()) {
        int event = r.next();
        if (skipping > 0) {
          if (event == XMLStreamConstants.START_ELEMENT) {
            skipping++;
          } else if (event == XMLStreamConstants.END_ELEMENT) {
            skipping--;
          }
          continue;
        }
        switch (event) {
          case XMLStreamConstants.START_ELEMENT -> {
            String name = r.getLocalName();
            if (!sawRoot) {
              sawRoot = true;
              if (!name.equals(rootName)) {
                throw new IOException(
                    "%s: not a %s document (root element <%s> at line %d)"
                        .formatted(source, rootName, r.getName(), r.getLocation().getLineNumber()));
              }
            }
            String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
            if (!namespaces.contains(ns)) {
              skipping = 1;
              continue;
            }
            path.names.add(name);
            text.setLength(0);
            handler.start(name, path, r);
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
              text.append(r.getText());
          case XMLStreamConstants.END_ELEMENT -> {
            handler.end(r.getLocalName(), path, text.toString().trim());
            path.names.remove(path.names.size() - 1);
            text.setLength(0);
          }
          default -> {
            // comments, processing instructions: nothing to read
          }
        }
      }
      if (!sawRoot) {
        throw new IOException(source + ": empty document, no <" + rootName + "> element");
      }
    } catch (XMLStreamException e) {
      Location loc = e.getLocation();
      String where =
          loc == null
              ? ""
              : " at line %d, column %d".formatted(loc.getLineNumber(), loc.getColumnNumber());
      throw new IOException(
          "%s: malformed XML%s: %s".formatted(source, where, firstLine(e.getMessage())), e);
    } catch (RuntimeException e) {
      String where =
          r == null
              ? ""
              : " at line %d, column %d"
                  .formatted(r.getLocation().getLineNumber(), r.getLocation().getColumnNumber());
      throw new IOException("%s: bad %s content%s: %s".formatted(source, rootName, where, e), e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // closing a reader over a stream the caller owns cannot lose data
        }
      }
    }
  }

  /** The JDK's messages start with "ParseError at [row,col]:[..]" and a newline; keep the cause. */
  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int nl = message.lastIndexOf('\n');
    return nl >= 0 ? message.substring(nl + 1).trim() : message.trim();
  }

  /** A required numeric element or attribute; the walker adds file and location on failure. */
  static double parseDouble(String name, String text) {
    String t = text.trim();
    switch (t) {
      case "INF", "+INF" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-INF" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        try {
          return Double.parseDouble(t);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("<" + name + "> is not a number: '" + text + "'", e);
        }
      }
    }
  }
}
