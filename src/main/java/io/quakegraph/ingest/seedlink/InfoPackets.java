package io.quakegraph.ingest.seedlink;

import io.quakegraph.seismic.SourceId;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Responses to the SeedLink {@code INFO} command: an XML document carried as the text payload of
 * 512-byte miniSEED 2 log records (encoding 0, ASCII), each behind an 8-byte signature {@code
 * SLINFO *} when more follow or {@code SLINFO } for the last one, as SeedLink 3 servers do.
 */
final class InfoPackets {
  static final int DATA_OFFSET = 64;
  static final int PAYLOAD = 512 - DATA_OFFSET;

  private InfoPackets() {}

  /** The XML of an INFO level, or an error document for a level this server does not serve. */
  static String xml(String level, SeedLinkServer server) {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?>\n");
    String head =
        "<seedlink software=\"%s\" organization=\"%s\" started=\"%s\""
            .formatted(
                escape(SeedLinkServer.SOFTWARE),
                escape(server.options().organization()),
                SeedLinkTime.formatXml(server.startedMicros()));
    switch (level) {
      case "ID" -> b.append(head).append("/>\n");
      case "CAPABILITIES" -> {
        b.append(head).append(">\n");
        for (String cap :
            new String[] {
              "dialup",
              "multistation",
              "window-extraction",
              "info:id",
              "info:capabilities",
              "info:stations",
              "info:streams"
            }) {
          b.append("  <capability name=\"").append(cap).append("\"/>\n");
        }
        b.append("</seedlink>\n");
      }
      case "STATIONS", "STREAMS" -> {
        b.append(head).append(">\n");
        ServedArchive archive = server.archive();
        for (StationPackets st : archive.stations()) {
          long head64 = server.head(st);
          long last = Math.min(head64, server.maxSequence(st));
          long first = Math.max(1, last - server.options().ringPackets() + 1);
          b.append(
              "  <station name=\"%s\" network=\"%s\" description=\"%s\" begin_seq=\"%s\" end_seq=\"%s\" stream_check=\"enabled\""
                  .formatted(
                      escape(st.station()),
                      escape(st.network()),
                      escape(st.stationId() + " from archive"),
                      SeedLinkSequence.format(first),
                      SeedLinkSequence.format(last + 1)));
          if (level.equals("STATIONS")) {
            b.append("/>\n");
            continue;
          }
          b.append(">\n");
          for (SourceId id : st.channels()) {
            b.append(
                "    <stream location=\"%s\" seedname=\"%s\" type=\"D\" begin_time=\"%s\" end_time=\"%s\" begin_recno=\"0\" end_recno=\"0\" gap_check=\"disabled\" gap_treshold=\"0\"/>\n"
                    .formatted(
                        escape(id.location()),
                        escape(id.channel()),
                        SeedLinkTime.formatXml(st.firstStart()),
                        SeedLinkTime.formatXml(st.lastEnd())));
          }
          b.append("  </station>\n");
        }
        b.append("</seedlink>\n");
      }
      default ->
          b.append(head)
              .append(">\n  <error code=\"ARGUMENTS\" message=\"")
              .append(escape("unsupported INFO level " + level))
              .append("\"/>\n</seedlink>\n");
    }
    return b.toString();
  }

  /** The 520-byte packets (signature + record) that carry {@code text}. */
  static List<byte[]> packets(String text, long nowMicros) {
    byte[] all = text.getBytes(StandardCharsets.UTF_8);
    List<byte[]> out = new ArrayList<>();
    int off = 0;
    int seq = 1;
    do {
      int n = Math.min(PAYLOAD, all.length - off);
      boolean last = off + n >= all.length;
      byte[] p = new byte[520];
      byte[] sig = (last ? "SLINFO  " : "SLINFO *").getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(sig, 0, p, 0, 8);
      writeHeader(p, 8, seq++, nowMicros, n);
      System.arraycopy(all, off, p, 8 + DATA_OFFSET, n);
      out.add(p);
      off += n;
    } while (off < all.length);
    return out;
  }

  /** A miniSEED 2 fixed header + blockette 1000 for an ASCII log record of {@code n} bytes. */
  private static void writeHeader(byte[] p, int o, int seq, long micros, int n) {
    byte[] ascii =
        "%06dD %-5s%-2s%-3s%-2s"
            .formatted(seq, "INFO", "", "LOG", "SL")
            .getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(ascii, 0, p, o, 20);
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), 0, ZoneOffset.UTC);
    putU16(p, o + 20, t.getYear());
    putU16(p, o + 22, t.getDayOfYear());
    p[o + 24] = (byte) t.getHour();
    p[o + 25] = (byte) t.getMinute();
    p[o + 26] = (byte) t.getSecond();
    putU16(p, o + 28, (int) (Math.floorMod(micros, 1_000_000L) / 100));
    putU16(p, o + 30, n); // number of "samples": text bytes
    // sample rate factor and multiplier 0: not a waveform
    p[o + 39] = 1; // one blockette
    putU16(p, o + 44, DATA_OFFSET);
    putU16(p, o + 46, 48);
    putU16(p, o + 48, 1000);
    p[o + 52] = 0; // ASCII
    p[o + 53] = 1; // big-endian
    p[o + 54] = 9; // 2^9 = 512 bytes
  }

  private static void putU16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("\"", "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
