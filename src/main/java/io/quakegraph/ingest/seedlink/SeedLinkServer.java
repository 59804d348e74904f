package io.quakegraph.ingest.seedlink;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SeedLink 3.1 server that plays a miniSEED archive as if it were live.
 *
 * <p><b>Time.</b> The server's data clock starts at the archive's first sample when the server
 * starts and runs at {@link SeedLinkServerOptions#speed()} times real time; a packet is released
 * once the clock passes its end (for speed "max", every packet is available at once). With {@link
 * SeedLinkServerOptions#loop()}, the archive repeats, shifted in time, forever.
 *
 * <p><b>Sequence numbers</b> are per station and derived from the archive's content (see {@link
 * StationPackets}), so a client that saved the last number it saw can resume from it on a new
 * connection, and after a server restart on the same archive. The ring buffer of each station
 * reaches back {@link SeedLinkServerOptions#ringPackets()} packets from the newest released one.
 *
 * <p><b>Connections.</b> One thread per client (simple and robust for tens of clients; SeedLink
 * feeds are long-lived and few); at most {@link SeedLinkServerOptions#maxClients()} at once, more
 * are turned away. A client idle in the handshake longer than the idle timeout is disconnected. The
 * protocol is in {@link ClientSession}.
 */
public final class SeedLinkServer implements AutoCloseable {
  /** Software id sent in HELLO and INFO. */
  public static final String SOFTWARE = "SeedLink v3.1 (QuakeGraph archive server)";

  private static final Logger LOG = LoggerFactory.getLogger(SeedLinkServer.class);

  private final ServedArchive archive;
  private final SeedLinkServerOptions options;
  private final ServerSocket serverSocket;
  private final long startNanos;
  private final long startedMicros;
  private final Set<ClientSession> sessions = ConcurrentHashMap.newKeySet();
  private final AtomicLong packetsSent = new AtomicLong();
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;
  private volatile boolean closed;

  private SeedLinkServer(
      ServedArchive archive, SeedLinkServerOptions options, ServerSocket socket) {
    this.archive = archive;
    this.options = options;
    this.serverSocket = socket;
    this.startNanos = System.nanoTime();
    this.startedMicros = System.currentTimeMillis() * 1000;
    this.acceptor = new Thread(this::acceptLoop, "seedlink-accept-" + socket.getLocalPort());
    acceptor.setDaemon(true);
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException if the address cannot be bound (the message names it)
   */
  public static SeedLinkServer start(ServedArchive archive, SeedLinkServerOptions options)
      throws IOException {
    ServerSocket ss = new ServerSocket();
    ss.setReuseAddress(true);
    InetSocketAddress addr =
        new InetSocketAddress(InetAddress.getByName(options.bind()), options.port());
    try {
      ss.bind(addr, 50);
    } catch (IOException e) {
      ss.close();
      throw new IOException("cannot listen on " + addr + ": " + e.getMessage(), e);
    }
    SeedLinkServer server = new SeedLinkServer(archive, options, ss);
    server.acceptor.start();
    LOG.info(
        "SeedLink server on {}:{}: {} stations, {} packets per pass, speed {}{}",
        options.bind(),
        ss.getLocalPort(),
        archive.stations().size(),
        archive.packetCount(),
        options.speedLabel(),
        options.loop() ? ", looping" : "");
    return server;
  }

  /** The port the server listens on (useful with port 0). */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** The archive being served. */
  public ServedArchive archive() {
    return archive;
  }

  /** The options. */
  public SeedLinkServerOptions options() {
    return options;
  }

  /** Wall-clock start, epoch microseconds. */
  public long startedMicros() {
    return startedMicros;
  }

  /** Data packets sent to all clients so far. */
  public long packetsSent() {
    return packetsSent.get();
  }

  /** Connections accepted so far. */
  public int connectionsAccepted() {
    return connections.get();
  }

  /** Clients connected now. */
  public int clients() {
    return sessions.size();
  }

  /**
   * Closes every client connection without a word, as a network failure would; the server keeps
   * listening. Returns the number of connections closed.
   */
  public int dropConnections() {
    int n = 0;
    for (ClientSession s : sessions) {
      s.abort();
      n++;
    }
    LOG.info("dropped {} client connections", n);
    return n;
  }

  /** Current data time of the replay clock, epoch microseconds ({@code Long.MAX_VALUE} at max). */
  long dataNow() {
    if (options.isMaxSpeed()) {
      return Long.MAX_VALUE;
    }
    double elapsedMicros = (System.nanoTime() - startNanos) / 1000.0;
    return archive.originMicros() + (long) (elapsedMicros * options.speed());
  }

  /** System.nanoTime() at which the data clock reaches {@code dataMicros}. */
  long wallNanosAt(long dataMicros) {
    double micros = (dataMicros - archive.originMicros()) / options.speed();
    return startNanos + (long) (micros * 1000);
  }

  /** Highest sequence number of the station released so far (0 when none). */
  long head(StationPackets st) {
    if (options.isMaxSpeed()) {
      return maxSequence(st);
    }
    long now = dataNow();
    if (!options.loop()) {
      return st.releasedBy(now);
    }
    long pass = Math.max(0, Math.floorDiv(now - archive.originMicros(), archive.spanMicros()));
    return pass * st.size() + st.releasedBy(now - pass * archive.spanMicros());
  }

  /** Highest sequence number the station will ever have ({@code Long.MAX_VALUE} when looping). */
  long maxSequence(StationPackets st) {
    return options.loop() ? Long.MAX_VALUE / 4 : st.size();
  }

  void countSent() {
    packetsSent.incrementAndGet();
  }

  void remove(ClientSession s) {
    sessions.remove(s);
  }

  boolean isClosed() {
    return closed;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = serverSocket.accept();
      } catch (SocketException e) {
        if (!closed) {
          LOG.error("SeedLink server socket failed: {}", e.getMessage());
        }
        return;
      } catch (IOException e) {
        LOG.warn("accept failed: {}", e.getMessage());
        continue;
      }
      connections.incrementAndGet();
      if (sessions.size() >= options.maxClients()) {
        LOG.warn(
            "refusing {}: {} clients connected (the maximum)",
            socket.getRemoteSocketAddress(),
            sessions.size());
        try (socket) {
          socket
              .getOutputStream()
              .write("ERROR\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (IOException ignored) {
          // the client is gone already
        }
        continue;
      }
      ClientSession session = new ClientSession(this, socket);
      sessions.add(session);
      Thread t = new Thread(session, "seedlink-client-" + socket.getRemoteSocketAddress());
      t.setDaemon(true);
      t.start();
    }
  }

  /** Stops listening and closes every client connection. */
  @Override
  public void close() {
    closed = true;
    try {
      serverSocket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (ClientSession s : sessions) {
      s.abort();
    }
    try {
      acceptor.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
