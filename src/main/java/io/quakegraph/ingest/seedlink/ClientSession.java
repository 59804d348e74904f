package io.quakegraph.ingest.seedlink;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection speaking SeedLink 3.1.
 *
 * <p><b>Handshake</b> (one command per line, ended by CR, LF or CR LF; at most 255 characters):
 *
 * <ul>
 *   <li>{@code HELLO}: two lines, the software version and the organization.
 *   <li>{@code CAT}: one line {@code NET STA} per station, then {@code END}.
 *   <li>{@code STATION sta [net]}: start describing one or more stations ({@code ?} and {@code *}
 *       wildcards); {@code OK}, or {@code ERROR} when no station matches.
 *   <li>{@code SELECT [pattern]}: add a {@link StreamSelector} to the stations of the last STATION
 *       (before any STATION: to all stations); without a pattern, clear them. {@code OK}/{@code
 *       ERROR}.
 *   <li>{@code DATA [n [time]]}: real-time data from sequence number {@code n} (hex; the next
 *       packet the client wants) or, when {@code n} is no longer in the ring, from {@code time};
 *       without {@code n}, from the next new packet. {@code FETCH} is the same but ends with {@code
 *       END} once the client has everything released so far. {@code TIME begin [end]}: the packets
 *       that overlap the window (real-time after {@code begin} when there is no end), then {@code
 *       END}. At speed "max" (everything released at start), DATA without {@code n} starts with the
 *       oldest packet.
 *   <li>{@code END}: start sending the stations described. Before any STATION, DATA/FETCH/TIME
 *       start sending all stations at once (uni-station mode), without an {@code OK}.
 *   <li>{@code INFO ID|CAPABILITIES|STATIONS|STREAMS}: XML in {@code SLINFO} packets (also while
 *       data flows).
 *   <li>{@code BYE}: close. Anything else, or bad arguments: {@code ERROR}.
 * </ul>
 *
 * <p><b>Data</b>: {@code SL}, six hex digits of the sequence number, a 512-byte miniSEED 2 record.
 * Packets of the selected stations go out in start-time order as they are released.
 */
final class ClientSession implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
  private static final int MAX_LINE = 255;
  private static final long MAX_WAIT_NANOS = 100_000_000L;
  private static final byte[] OK = "OK\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ERROR = "ERROR\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "END".getBytes(StandardCharsets.US_ASCII);
  private static final String TOO_LONG = "\u0000too long";

  private final SeedLinkServer server;
  private final Socket socket;
  private final String peer;
  private InputStream in;
  private OutputStream out;
  private final Map<StationPackets, Request> requests = new LinkedHashMap<>();
  private List<Request> current = List.of();
  private final StreamFilter globalFilter = new StreamFilter();
  private volatile boolean aborted;
  private final StringBuilder partialLine = new StringBuilder();

  private enum Mode {
    REALTIME,
    FETCH,
    WINDOW
  }

  /** What a station's client asked for, and how far it got. */
  private static final class Request {
    final StationPackets st;
    final StreamFilter filter = new StreamFilter();
    Mode mode = Mode.REALTIME;
    Integer sequence;
    Long begin;
    Long end;
    long cursor;
    Packet pending;
    boolean done;

    Request(StationPackets st) {
      this.st = st;
    }
  }

  private enum Next {
    CONTINUE,
    STREAM,
    CLOSE
  }

  ClientSession(SeedLinkServer server, Socket socket) {
    this.server = server;
    this.socket = socket;
    this.peer = String.valueOf(socket.getRemoteSocketAddress());
  }

  /** Closes the connection at once (server shutdown or a simulated network failure). */
  void abort() {
    aborted = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void run() {
    try (socket) {
      socket.setSoTimeout(server.options().idleTimeoutSeconds() * 1000);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
      out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      LOG.debug("client {} connected", peer);
      while (!aborted) {
        String line = readLine();
        if (line == null) {
          return;
        }
        Next next = dispatch(line);
        if (next == Next.CLOSE) {
          return;
        }
        if (next == Next.STREAM) {
          if (!stream()) {
            return;
          }
          requests.clear();
          current = List.of();
        }
      }
    } catch (SocketTimeoutException e) {
      LOG.info(
          "client {} idle for {} s in the handshake: disconnected",
          peer,
          server.options().idleTimeoutSeconds());
    } catch (IOException e) {
      if (!aborted && !server.isClosed()) {
        LOG.debug("client {} gone: {}", peer, e.getMessage());
      }
    } catch (RuntimeException e) {
      LOG.error("client {}: internal error, closing the connection", peer, e);
    } finally {
      server.remove(this);
    }
  }

  /** A command line, null at end of stream; blank lines are skipped. */
  private String readLine() throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    boolean tooLong = false;
    while (true) {
      int c = in.read();
      if (c < 0) {
        return null;
      }
      if (c == '\r' || c == '\n') {
        if (buf.size() == 0 && !tooLong) {
          continue;
        }
        return tooLong ? TOO_LONG : buf.toString(StandardCharsets.US_ASCII);
      }
      if (buf.size() >= MAX_LINE) {
        tooLong = true;
      } else {
        buf.write(c);
      }
    }
  }

  private Next dispatch(String line) throws IOException {
    if (line.equals(TOO_LONG)) {
      LOG.debug("client {}: command longer than {} characters", peer, MAX_LINE);
      return reply(ERROR);
    }
    String[] t = line.trim().split("\\s+");
    String cmd = t[0].toUpperCase(Locale.ROOT);
    try {
      switch (cmd) {
        case "HELLO":
          write(
              (SeedLinkServer.SOFTWARE
                      + " :: SLPROTO:3.1 NSWILDCARD\r\n"
                      + server.options().organization()
                      + "\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          return Next.CONTINUE;
        case "CAT":
          {
            StringBuilder b = new StringBuilder();
            for (StationPackets st : server.archive().stations()) {
              b.append("%-2s %-5s %s\r\n".formatted(st.network(), st.station(), st.stationId()));
            }
            b.append("END");
            write(b.toString().getBytes(StandardCharsets.US_ASCII));
            return Next.CONTINUE;
          }
        case "STATION":
          return station(t);
        case "SELECT":
          return select(t);
        case "DATA", "FETCH", "TIME":
          return action(cmd, t);
        case "END":
          if (requests.isEmpty()) {
            LOG.debug("client {}: END without STATION", peer);
            return reply(ERROR);
          }
          return Next.STREAM;
        case "BYE":
          return Next.CLOSE;
        case "INFO":
          if (t.length != 2) {
            return reply(ERROR);
          }
          sendInfo(t[1].toUpperCase(Locale.ROOT));
          return Next.CONTINUE;
        default:
          LOG.debug("client {}: unknown command '{}'", peer, line);
          return reply(ERROR);
      }
    } catch (IllegalArgumentException e) {
      LOG.debug("client {}: {}", peer, e.getMessage());
      return reply(ERROR);
    }
  }

  private Next station(String[] t) throws IOException {
    if (t.length < 2 || t.length > 3) {
      return reply(ERROR);
    }
    String sta = t[1];
    String net = t.length == 3 ? t[2] : "*";
    List<Request> matched = new ArrayList<>();
    for (StationPackets st : server.archive().stations()) {
      if (Glob.matches(sta, st.station()) && Glob.matches(net, st.network())) {
        matched.add(requests.computeIfAbsent(st, Request::new));
      }
    }
    if (matched.isEmpty()) {
      LOG.debug("client {}: no station matches {} {}", peer, sta, net);
      return reply(ERROR);
    }
    current = matched;
    return reply(OK);
  }

  private Next select(String[] t) throws IOException {
    if (t.length > 2) {
      return reply(ERROR);
    }
    if (t.length == 1) {
      if (current.isEmpty()) {
        globalFilter.clear();
      } else {
        current.forEach(r -> r.filter.clear());
      }
      return reply(OK);
    }
    StreamSelector s = StreamSelector.parse(t[1]);
    if (current.isEmpty()) {
      globalFilter.add(s);
    } else {
      current.forEach(r -> r.filter.add(s));
    }
    return reply(OK);
  }

  private Next action(String cmd, String[] t) throws IOException {
    Mode mode;
    Integer seq = null;
    Long begin = null;
    Long end = null;
    if (cmd.equals("TIME")) {
      if (t.length < 2 || t.length > 3) {
        return reply(ERROR);
      }
      mode = t.length == 3 ? Mode.WINDOW : Mode.REALTIME;
      begin = SeedLinkTime.parse(t[1]);
      if (t.length == 3) {
        end = SeedLinkTime.parse(t[2]);
        if (end <= begin) {
          throw new IllegalArgumentException("TIME window ends before it begins");
        }
      }
    } else {
      if (t.length > 3) {
        return reply(ERROR);
      }
      mode = cmd.equals("FETCH") ? Mode.FETCH : Mode.REALTIME;
      if (t.length >= 2) {
        seq = SeedLinkSequence.parse(t[1]);
      }
      if (t.length == 3) {
        begin = SeedLinkTime.parse(t[2]);
      }
    }
    boolean uniStation = current.isEmpty();
    List<Request> targets = current;
    if (uniStation) {
      targets = new ArrayList<>();
      for (StationPackets st : server.archive().stations()) {
        targets.add(requests.computeIfAbsent(st, Request::new));
      }
    }
    for (Request r : targets) {
      r.mode = mode;
      r.sequence = seq;
      r.begin = begin;
      r.end = end;
    }
    if (uniStation) {
      return Next.STREAM;
    }
    return reply(OK);
  }

  private Next reply(byte[] what) throws IOException {
    write(what);
    return Next.CONTINUE;
  }

  private void write(byte[] b) throws IOException {
    out.write(b);
    out.flush();
  }

  private void sendInfo(String level) throws IOException {
    String xml = InfoPackets.xml(level, server);
    for (byte[] p : InfoPackets.packets(xml, System.currentTimeMillis() * 1000)) {
      out.write(p);
    }
    out.flush();
  }

  /**
   * Sends data until every request is complete (then {@code END}, back to the handshake: true) or
   * the client leaves (false).
   */
  private boolean stream() throws IOException {
    ServedArchive archive = server.archive();
    for (Request r : requests.values()) {
      if (r.filter.isEmpty()) {
        r.filter.addAll(globalFilter);
      }
      r.cursor = startSequence(r);
    }
    List<Request> all = new ArrayList<>(requests.values());
    byte[] signature = new byte[8];
    signature[0] = 'S';
    signature[1] = 'L';
    int sinceCheck = 0;
    while (!aborted) {
      Request best = null;
      for (Request r : all) {
        if (!r.done && r.pending == null) {
          advance(r);
        }
        if (r.pending != null
            && (best == null || r.pending.startMicros() < best.pending.startMicros())) {
          best = r;
        }
      }
      if (best != null) {
        Packet p = best.pending;
        best.pending = null;
        best.cursor = p.sequence() + 1;
        writeHex(signature, p.sequence());
        out.write(signature);
        out.write(p.record());
        server.countSent();
        if (++sinceCheck >= 64) {
          sinceCheck = 0;
          if (!serveCommandsWhileStreaming()) {
            return false;
          }
        }
        continue;
      }
      if (all.stream().allMatch(r -> r.done)) {
        out.write(END);
        out.flush();
        return true;
      }
      out.flush();
      if (!serveCommandsWhileStreaming()) {
        return false;
      }
      waitForRelease(all, archive);
    }
    return false;
  }

  /** Finds the request's next packet to send, if released; marks it done when it has ended. */
  private void advance(Request r) {
    ServedArchive archive = server.archive();
    long head = Math.min(server.head(r.st), server.maxSequence(r.st));
    while (r.cursor <= head) {
      Packet p = archive.packet(r.st, r.cursor);
      if (r.end != null && p.startMicros() >= r.end) {
        r.done = true;
        return;
      }
      if (!r.filter.accepts(p.id()) || (r.begin != null && p.endMicros() <= r.begin)) {
        r.cursor++;
        continue;
      }
      r.pending = p;
      return;
    }
    boolean exhausted = r.cursor > server.maxSequence(r.st);
    if (r.mode == Mode.FETCH || (r.mode == Mode.WINDOW && exhausted)) {
      r.done = true;
    }
  }

  /** Where a request starts, per its DATA/FETCH/TIME arguments (see the class description). */
  private long startSequence(Request r) {
    StationPackets st = r.st;
    long head = server.head(st);
    long max = server.maxSequence(st);
    long ring = server.options().ringPackets();
    boolean unbounded = server.options().isMaxSpeed() && server.options().loop();
    long oldest = unbounded ? 1 : Math.max(1, Math.min(head, max) - ring + 1);
    if (r.sequence != null) {
      long s =
          oldest + ((r.sequence - SeedLinkSequence.wire(oldest)) & (SeedLinkSequence.MODULUS - 1));
      if (s <= max && (unbounded || s <= head + SeedLinkSequence.MODULUS / 2)) {
        return s;
      }
      if (r.begin == null) {
        LOG.warn(
            "client {}: station {} sequence {} is not in the ring (oldest {}); sending from the oldest",
            peer,
            st.stationId(),
            SeedLinkSequence.format(r.sequence),
            SeedLinkSequence.format(oldest));
        return oldest;
      }
    }
    if (r.begin != null) {
      ServedArchive a = server.archive();
      long pass =
          server.options().loop()
              ? Math.max(0, Math.floorDiv(r.begin - a.originMicros(), a.spanMicros()))
              : 0;
      long s = pass * st.size() + st.firstEndingAfter(r.begin - pass * a.spanMicros()) + 1;
      return Math.max(s, oldest);
    }
    if (r.mode == Mode.FETCH || server.options().isMaxSpeed()) {
      // FETCH collects what is buffered. At speed "max" every packet was released when the server
      // started, so "the next new packet" would never come: start with the oldest instead.
      return oldest;
    }
    return Math.min(head, max) + 1;
  }

  /** Sleeps until the next packet of any open request is released (at most 100 ms). */
  private void waitForRelease(List<Request> all, ServedArchive archive) {
    long now = System.nanoTime();
    long wake = now + MAX_WAIT_NANOS;
    if (!server.options().isMaxSpeed()) {
      for (Request r : all) {
        if (!r.done && r.cursor <= server.maxSequence(r.st)) {
          long release = archive.packet(r.st, r.cursor).releaseMicros();
          wake = Math.min(wake, server.wallNanosAt(release));
        }
      }
    }
    long sleep = Math.max(1_000_000L, wake - now);
    try {
      Thread.sleep(sleep / 1_000_000L, (int) (sleep % 1_000_000L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort();
    }
  }

  /**
   * Handles BYE and INFO sent while data flows; false when the client said BYE or left. Reads only
   * the bytes already there (a line may arrive in pieces), so it never blocks the data flow.
   */
  private boolean serveCommandsWhileStreaming() throws IOException {
    while (in.available() > 0) {
      int c = in.read();
      if (c < 0) {
        return false;
      }
      if (c != '\r' && c != '\n') {
        if (partialLine.length() < MAX_LINE) {
          partialLine.append((char) c);
        }
        continue;
      }
      if (partialLine.length() == 0) {
        continue;
      }
      String line = partialLine.toString();
      partialLine.setLength(0);
      String[] t = line.trim().split("\\s+");
      String cmd = t[0].toUpperCase(Locale.ROOT);
      if (cmd.equals("BYE")) {
        return false;
      }
      if (cmd.equals("INFO") && t.length == 2) {
        sendInfo(t[1].toUpperCase(Locale.ROOT));
      } else {
        LOG.debug("client {}: '{}' ignored while data flows", peer, line);
      }
    }
    return true;
  }

  private static void writeHex(byte[] sig, long sequence) {
    int v = SeedLinkSequence.wire(sequence);
    for (int i = 7; i >= 2; i--) {
      sig[i] = (byte) Character.toUpperCase(Character.forDigit(v & 0xF, 16));
      v >>>= 4;
    }
  }
}
