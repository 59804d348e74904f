package io.quakegraph.ingest.seedlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.sc.seis.seisFile.seedlink.SeedlinkPacket;
import edu.sc.seis.seisFile.seedlink.SeedlinkReader;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeedRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SeedLink server, through seisFile's client and through raw sockets for the edge cases. */
class SeedLinkServerTest {
  @TempDir static Path tmp;
  static Path dir;
  static ServedArchive archive;

  @BeforeAll
  static void archive() throws Exception {
    dir = SmallArchive.write(tmp.resolve("archive"), 3, 2);
    archive = ServedArchive.load(dir, 0);
  }

  static SeedLinkServer server(double speed) throws IOException {
    return SeedLinkServer.start(
        archive, SeedLinkServerOptions.defaults().toBuilder().speed(speed).build());
  }

  static StationPackets first() {
    return archive.stations().get(0);
  }

  @Test
  void repackingIsExactAndNumberingStable() throws Exception {
    assertEquals(3, archive.stations().size());
    assertEquals(18, archive.stations().stream().mapToInt(s -> s.channels().size()).sum());
    ServedArchive again = ServedArchive.load(dir, 0);
    for (int s = 0; s < 3; s++) {
      StationPackets a = archive.stations().get(s);
      StationPackets b = again.stations().get(s);
      assertEquals(a.size(), b.size());
      for (int i = 0; i < a.size(); i++) {
        assertArrayEquals(a.record(i), b.record(i), "packet " + (i + 1) + " of " + a.stationId());
        assertEquals(512, a.record(i).length);
      }
    }
    assertTrue(archive.skippedFiles() > 0, "StationXML and catalogue files are skipped");
    // a looped pass is the same data one span later
    StationPackets st = first();
    Packet p1 = archive.packet(st, 5);
    Packet p2 = archive.packet(st, 5 + st.size());
    assertEquals(p1.startMicros() + archive.spanMicros(), p2.startMicros());
    MiniSeedRecord r1 = MiniSeed.parse(p1.record());
    MiniSeedRecord r2 = MiniSeed.parse(p2.record());
    assertEquals(r1.startMicros() + archive.spanMicros(), r2.startMicros());
    assertArrayEquals(r1.samples(), r2.samples());
  }

  @Test
  void seisFileReadsSelectedStreamInfoAndResumes() throws Exception {
    StationPackets st = first();
    List<Integer> hhz = new ArrayList<>();
    for (int i = 0; i < st.size(); i++) {
      if (st.id(i).channel().equals("HHZ")) {
        hhz.add(i + 1);
      }
    }
    try (SeedLinkServer server = server(Double.POSITIVE_INFINITY)) {
      SeedlinkReader r = new SeedlinkReader("127.0.0.1", server.port(), 10, false, 5);
      try {
        String[] hello = r.sendHello();
        assertTrue(hello[0].startsWith("SeedLink v3.1"), hello[0]);
        String stations = r.getInfoString(SeedlinkReader.INFO_STATIONS);
        for (StationPackets s : archive.stations()) {
          assertTrue(stations.contains("name=\"" + s.station() + "\""), stations);
        }
        assertTrue(r.getInfoString(SeedlinkReader.INFO_STREAMS).contains("seedname=\"HNE\""));
        r.selectData(st.network(), st.station(), List.of("HHZ"));
        r.endHandshake();
        for (int seq : hhz) {
          SeedlinkPacket p = r.next();
          assertEquals(SeedLinkSequence.format(seq), p.getSeqNum());
          assertArrayEquals(st.record(seq - 1), p.getMseedBytes());
          assertEquals("HHZ", p.getMiniSeed().getHeader().getChannelIdentifier().trim());
        }
      } finally {
        r.close();
      }
      // resume: DATA n starts with packet n
      int from = hhz.get(hhz.size() / 2);
      SeedlinkReader again = new SeedlinkReader("127.0.0.1", server.port(), 10, false, 5);
      try {
        again.sendCmd("STATION " + st.station() + " " + st.network());
        again.sendCmd("SELECT ??Z");
        again.sendCmd("DATA " + SeedLinkSequence.format(from));
        again.endHandshake();
        SeedlinkPacket p = again.next();
        assertEquals(SeedLinkSequence.format(from), p.getSeqNum());
      } finally {
        again.close();
      }
    }
  }

  @Test
  void timeWindowSendsTheOverlappingPacketsThenEnd() throws Exception {
    StationPackets st = first();
    long begin = archive.originMicros() + 30_000_000L;
    long end = begin + 20_000_000L;
    int expected = 0;
    for (int i = 0; i < st.size(); i++) {
      if (st.id(i).channel().startsWith("HN") && st.end(i) > begin && st.start(i) < end) {
        expected++;
      }
    }
    assertTrue(expected > 0);
    try (SeedLinkServer server = server(Double.POSITIVE_INFINITY)) {
      SeedlinkReader r = new SeedlinkReader("127.0.0.1", server.port(), 10, false, 5);
      try {
        r.sendCmd("STATION " + st.station() + " " + st.network());
        r.sendCmd("SELECT HN?");
        r.sendTime(
            Instant.ofEpochSecond(begin / 1_000_000), Instant.ofEpochSecond(end / 1_000_000));
        r.endHandshake();
        int n = 0;
        while (r.hasNext()) {
          MiniSeedRecord rec = MiniSeed.parse(r.readPacket().getMseedBytes());
          assertTrue(rec.endMicros() > begin && rec.startMicros() < end, rec.toString());
          assertTrue(rec.id().channel().startsWith("HN"));
          n++;
        }
        assertEquals(expected, n);
      } finally {
        r.close();
      }
    }
  }

  @Test
  void sequenceNumbersSurviveAServerRestart() throws Exception {
    StationPackets st = first();
    byte[] before;
    try (SeedLinkServer server = server(Double.POSITIVE_INFINITY)) {
      before = fetchOne(server, st, 17);
    }
    try (SeedLinkServer server =
        SeedLinkServer.start(
            ServedArchive.load(dir, 0),
            SeedLinkServerOptions.defaults().toBuilder().speed(Double.POSITIVE_INFINITY).build())) {
      assertArrayEquals(before, fetchOne(server, st, 17));
    }
  }

  private static byte[] fetchOne(SeedLinkServer server, StationPackets st, int seq)
      throws Exception {
    SeedlinkReader r = new SeedlinkReader("127.0.0.1", server.port(), 10, false, 5);
    try {
      r.sendCmd("STATION " + st.station() + " " + st.network());
      r.sendCmd("DATA " + SeedLinkSequence.format(seq));
      r.endHandshake();
      SeedlinkPacket p = r.next();
      assertEquals(SeedLinkSequence.format(seq), p.getSeqNum());
      return p.getMseedBytes();
    } finally {
      r.close();
    }
  }

  @Test
  void pacingFollowsTheDataClock() throws Exception {
    double speed = 20;
    try (SeedLinkServer server = server(speed);
        Raw c = new Raw(server)) {
      long t0 = System.nanoTime();
      c.send("FETCH"); // uni-station: everything released so far, then END
      // nothing released yet (no record has ended at data time 0), so an immediate END
      assertEquals("END", c.readAscii(3));
    }
    try (SeedLinkServer server = server(speed);
        Raw c = new Raw(server)) {
      long t0 = System.nanoTime();
      c.send("DATA");
      long maxEnd = Long.MIN_VALUE;
      int n = 0;
      while (System.nanoTime() - t0 < 1_500_000_000L) {
        byte[] p = c.readPacket();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        MiniSeedRecord r = MiniSeed.parse(java.util.Arrays.copyOfRange(p, 8, 520));
        // never ahead of the data clock (50 ms slack for scheduling)
        assertTrue(
            r.endMicros() <= archive.originMicros() + (long) ((elapsed + 0.05) * speed * 1e6),
            "packet ending "
                + (r.endMicros() - archive.originMicros()) / 1e6
                + " s sent at "
                + elapsed * speed);
        maxEnd = Math.max(maxEnd, r.endMicros());
        n++;
      }
      assertTrue(n > 0);
      assertTrue(
          maxEnd - archive.originMicros() > 10_000_000L,
          "the clock moves: " + (maxEnd - archive.originMicros()));
    }
  }

  @Test
  void badCommandsGetError() throws Exception {
    try (SeedLinkServer server = server(Double.POSITIVE_INFINITY);
        Raw c = new Raw(server)) {
      assertEquals("ERROR", c.command("FOO"));
      assertEquals("ERROR", c.command("STATION NOPE CI"));
      assertEquals("ERROR", c.command("END")); // no station yet
      assertEquals("ERROR", c.command("x".repeat(300)));
      assertEquals("ERROR", c.command("TIME 2019,13,45,00,00,00"));
      assertEquals("OK", c.command("STATION " + first().station() + " CI"));
      assertEquals("ERROR", c.command("SELECT TOOLONGSEL"));
      assertEquals("ERROR", c.command("SELECT HH"));
      assertEquals("ERROR", c.command("DATA XYZ"));
      assertEquals("OK", c.command("SELECT 00HH?"));
      assertEquals("OK", c.command("SELECT !HHE.D"));
      assertEquals("OK", c.command("DATA 1"));
      c.send("CAT");
      String cat = c.readUntil("END");
      for (StationPackets st : archive.stations()) {
        assertTrue(cat.contains(st.network() + " " + st.station()), cat);
      }
      c.send("BYE");
      assertEquals(-1, c.in.read(), "BYE closes the connection");
    }
  }

  @Test
  void uniStationDataStreamsEveryStationAndManyClientsAtOnce() throws Exception {
    long total = archive.packetCount();
    try (SeedLinkServer server = server(Double.POSITIVE_INFINITY)) {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<Integer>> counts = new ArrayList<>();
      for (int k = 0; k < 6; k++) {
        counts.add(
            pool.submit(
                () -> {
                  try (Raw c = new Raw(server)) {
                    c.send("FETCH");
                    int n = 0;
                    while (true) {
                      byte[] head = c.readBytes(3);
                      if (new String(head, StandardCharsets.US_ASCII).equals("END")) {
                        return n;
                      }
                      c.readBytes(517);
                      n++;
                    }
                  }
                }));
      }
      for (Future<Integer> f : counts) {
        assertEquals(total, (long) f.get());
      }
      pool.shutdown();
      assertEquals(6 * total, server.packetsSent());
    }
  }

  @Test
  void idleClientsAreDisconnectedAndDropsCloseConnections() throws Exception {
    try (SeedLinkServer server =
        SeedLinkServer.start(
            archive, SeedLinkServerOptions.defaults().toBuilder().idleTimeoutSeconds(1).build())) {
      try (Raw idle = new Raw(server)) {
        idle.socket.setSoTimeout(5000);
        long t0 = System.nanoTime();
        assertEquals(-1, idle.in.read());
        assertTrue(System.nanoTime() - t0 < 4_000_000_000L);
      }
      try (Raw c = new Raw(server)) {
        assertEquals("OK", c.command("STATION * CI"));
        c.send("END");
        SeedLinkEndToEndWait.until(() -> server.clients() == 1);
        assertEquals(1, server.dropConnections());
        c.socket.setSoTimeout(5000);
        // whatever was sent before the drop, the stream then ends
        while (c.in.read() >= 0) {
          // drain
        }
      }
    }
  }

  @Test
  void tooManyClientsAreTurnedAway() throws Exception {
    try (SeedLinkServer server =
            SeedLinkServer.start(
                archive, SeedLinkServerOptions.defaults().toBuilder().maxClients(1).build());
        Raw a = new Raw(server)) {
      assertEquals("OK", a.command("STATION * CI"));
      try (Raw b = new Raw(server)) {
        assertEquals("ERROR", b.readLine());
        assertEquals(-1, b.in.read());
      }
    }
  }

  @Test
  void selectorsMatchLikeSeedLink() {
    var hhz = io.quakegraph.seismic.SourceId.of("CI", "PAS", "", "HHZ");
    var hnz00 = io.quakegraph.seismic.SourceId.of("CI", "PAS", "00", "HNZ");
    assertTrue(StreamSelector.parse("HH?").matches(hhz));
    assertTrue(StreamSelector.parse("??Z").matches(hnz00));
    assertTrue(StreamSelector.parse("--HHZ").matches(hhz));
    assertFalse(StreamSelector.parse("00HHZ").matches(hhz));
    assertTrue(StreamSelector.parse("00HNZ.D").matches(hnz00));
    assertFalse(StreamSelector.parse("HHZ.L").matches(hhz));
    assertTrue(StreamSelector.parse("!HHZ").negative());
    StreamFilter f = new StreamFilter();
    f.add(StreamSelector.parse("??Z"));
    f.add(StreamSelector.parse("!HN?"));
    assertTrue(f.accepts(hhz));
    assertFalse(f.accepts(hnz00));
    assertEquals(0x00000A, SeedLinkSequence.parse("00000A"));
    assertTrue(SeedLinkSequence.isAfter(0, 0xFFFFFF), "wrap");
    assertFalse(SeedLinkSequence.isAfter(5, 5));
    assertEquals("FFFFFF", SeedLinkSequence.format((1L << 24) - 1));
    assertEquals("000000", SeedLinkSequence.format(1L << 24));
    assertEquals(
        java.time.Instant.parse("2019-07-06T03:19:53.500Z").toEpochMilli() * 1000,
        SeedLinkTime.parse("2019,07,06,03,19,53.5"));
  }

  /** A raw SeedLink connection. */
  static final class Raw implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    final OutputStream out;

    Raw(SeedLinkServer server) throws IOException {
      socket = new Socket("127.0.0.1", server.port());
      socket.setSoTimeout(10_000);
      in = new java.io.BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    void send(String line) throws IOException {
      out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    String command(String line) throws IOException {
      send(line);
      return readLine();
    }

    String readLine() throws IOException {
      StringBuilder b = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && c != '\n') {
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }

    String readUntil(String end) throws IOException {
      StringBuilder b = new StringBuilder();
      while (!b.toString().endsWith(end)) {
        int c = in.read();
        if (c < 0) {
          break;
        }
        b.append((char) c);
      }
      return b.toString();
    }

    byte[] readBytes(int n) throws IOException {
      byte[] b = in.readNBytes(n);
      if (b.length != n) {
        throw new IOException("connection closed after " + b.length + " of " + n + " bytes");
      }
      return b;
    }

    String readAscii(int n) throws IOException {
      return new String(readBytes(n), StandardCharsets.US_ASCII);
    }

    byte[] readPacket() throws IOException {
      byte[] p = readBytes(520);
      assertEquals('S', p[0]);
      assertEquals('L', p[1]);
      return p;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
