package io.quakegraph.ingest;

import edu.sc.seis.seisFile.mseed.SeedFormatException;
import edu.sc.seis.seisFile.seedlink.SeedlinkException;
import edu.sc.seis.seisFile.seedlink.SeedlinkPacket;
import edu.sc.seis.seisFile.seedlink.SeedlinkReader;
import io.quakegraph.ingest.seedlink.SeedLinkSequence;
import io.quakegraph.ingest.seedlink.SeedLinkTime;
import io.quakegraph.ops.PeerState;
import io.quakegraph.schema.DeadLetterReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SeedLink → Kafka: reads a SeedLink 3 feed with seisFile's {@link SeedlinkReader} (always with an
 * explicit host and port) and publishes every packet to {@link Topics#PACKETS} as a {@code
 * WaveformPacket} keyed {@code NET.STA}, or to {@link Topics#DEADLETTER} with a reason when it is
 * bad (via {@link PacketValidator} and {@link PacketPublisher}: idempotent producer, acks=all).
 *
 * <p><b>Nothing lost, nothing duplicated.</b> The bridge remembers the last sequence number it
 * handed to the producer for each station. On a dropped connection it reconnects and asks for
 * {@code DATA next} per station, so the server continues exactly after it; the packets still in the
 * producer are delivered by the producer (retries are idempotent). Every {@link
 * SeedLinkBridgeOptions#checkpointInterval()}, on disconnect and on stop, it flushes the producer
 * (waiting for Kafka's acknowledgement of everything sent) and only then saves the numbers to the
 * {@link SequenceState} file, so a new bridge started with the same state folder resumes where the
 * acknowledged data ends. A graceful stop therefore loses and duplicates nothing; after a crash
 * (kill -9) the packets between the last checkpoint and the crash are fetched and published again
 * (at most one checkpoint interval of duplicates, never a loss). A packet whose sequence number is
 * not after the station's last one (a server that ignored the resume) goes to the dead letters as
 * {@code DUPLICATE} instead of the packets topic. If Kafka rejects a send for good (after the
 * producer's own retries), the bridge opens a new producer and rewinds to the saved state.
 *
 * <p><b>Streams.</b> {@link StationSpec} patterns with wildcards are resolved against the server's
 * {@code INFO STATIONS} at every connect; stations the server refuses are skipped with a warning. A
 * station without saved state starts with new data, or at {@link
 * SeedLinkBridgeOptions#beginMicros()} ({@code TIME}) when given.
 *
 * <p><b>Failures.</b> Connect and read timeouts; reconnects with capped exponential backoff and
 * seeded jitter ({@link Backoff}); a stalled feed (no packet within {@link
 * SeedLinkBridgeOptions#stallTimeout()}) is logged at WARN and counted ({@code stall}) by a
 * watchdog that checks four times per stall timeout (at most once a second), and {@link
 * #isStalled()} reports it until packets flow again. Counters are in {@link #metrics()}: {@code
 * reconnect}, {@code stall}, {@code checkpoint}, {@code unknown-station}, plus the validator's
 * accepted and dead-letter counts.
 */
public final class SeedLinkBridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SeedLinkBridge.class);
  private static final Pattern STATION_XML =
      Pattern.compile("<station\\s[^>]*?name=\"([^\"]*)\"[^>]*?network=\"([^\"]*)\"");

  private final SeedLinkBridgeOptions options;
  private final IngestMetrics metrics;
  private final PacketValidator validator;
  private final SequenceState state;
  private final Backoff backoff;
  private final Map<String, Integer> sent = new ConcurrentHashMap<>();
  private final Thread worker;
  private final ScheduledExecutorService watchdog;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile PacketPublisher publisher;
  private volatile Map<String, Integer> acknowledged;
  private volatile SeedlinkReader reader;
  private volatile boolean stopping;
  private volatile boolean connected;
  private volatile boolean stalled;
  private volatile long lastPacketNanos;
  private volatile boolean endOfFeed;
  private volatile boolean producerFailed;
  // The server's reachability, logged once per change (WARN down, INFO back) however many
  // reconnect attempts a long outage takes.
  private final PeerState server;
  private boolean everConnected;

  private SeedLinkBridge(
      SeedLinkBridgeOptions options, IngestMetrics metrics, Map<String, Integer> saved) {
    this.options = options;
    this.server = new PeerState("SeedLink server " + options.origin(), LOG);
    this.metrics = metrics;
    this.validator = new PacketValidator(null, ValidatorOptions.DEFAULTS, metrics);
    this.state = new SequenceState(options.stateDir(), options.host(), options.port());
    this.backoff =
        new Backoff(
            options.backoffInitial().toMillis(), options.backoffMax().toMillis(), options.seed());
    this.sent.putAll(saved);
    this.acknowledged = Map.copyOf(saved);
    this.publisher = new PacketPublisher(options.bootstrapServers(), options.producerOverrides());
    this.worker = new Thread(this::run, "seedlink-bridge-" + options.host() + ":" + options.port());
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "seedlink-bridge-watchdog");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Loads the saved sequence numbers and starts the bridge in its own thread.
   *
   * @throws IOException if the state file exists but cannot be read
   */
  public static SeedLinkBridge start(SeedLinkBridgeOptions options, IngestMetrics metrics)
      throws IOException {
    Map<String, Integer> saved =
        new SequenceState(options.stateDir(), options.host(), options.port()).load();
    SeedLinkBridge b = new SeedLinkBridge(options, metrics, saved);
    LOG.info(
        "ingest {} -> {}: streams {}, resuming {} stations from {}",
        options.origin(),
        options.bootstrapServers(),
        options.streams(),
        saved.size(),
        b.state.file());
    b.lastPacketNanos = System.nanoTime();
    long period = Math.max(50, Math.min(1000, options.stallTimeout().toMillis() / 4));
    b.watchdog.scheduleAtFixedRate(b::checkStall, period, period, TimeUnit.MILLISECONDS);
    long every = options.checkpointInterval().toMillis();
    b.watchdog.scheduleWithFixedDelay(b::periodicCheckpoint, every, every, TimeUnit.MILLISECONDS);
    b.worker.start();
    return b;
  }

  /** Counters of this bridge. */
  public IngestMetrics metrics() {
    return metrics;
  }

  /** Whether the feed is stalled now (no packet within the stall timeout). */
  public boolean isStalled() {
    return stalled;
  }

  /** Whether a SeedLink connection is open and streaming. */
  public boolean isConnected() {
    return connected;
  }

  /** The sequence numbers last saved (acknowledged by Kafka), by station. */
  public Map<String, Integer> savedSequences() {
    return acknowledged;
  }

  /** The state file. */
  public java.nio.file.Path stateFile() {
    return state.file();
  }

  /**
   * Waits until the server ended the feed (a TIME window or FETCH completed) or the bridge stopped.
   */
  public boolean awaitFinished(Duration timeout) throws InterruptedException {
    return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether the server ended the feed with END. */
  public boolean endOfFeed() {
    return endOfFeed;
  }

  private void run() {
    try {
      while (!stopping) {
        boolean received = false;
        try {
          received = session();
        } catch (IOException | SeedlinkException | RuntimeException e) {
          if (!stopping) {
            server.down(e.toString());
          }
        } finally {
          connected = false;
          closeReader();
          checkpoint();
        }
        if (endOfFeed) {
          LOG.info("SeedLink {}: the server ended the feed", options.origin());
          break;
        }
        if (stopping) {
          break;
        }
        if (received) {
          backoff.reset();
        }
        long delay = backoff.nextDelayMillis();
        metrics.increment("reconnect");
        LOG.debug(
            "SeedLink {}: reconnecting in {} ms (attempt {})",
            options.origin(),
            delay,
            backoff.attempts());
        try {
          if (stopSignal.await(delay, TimeUnit.MILLISECONDS)) {
            break;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    } finally {
      finished.countDown();
    }
  }

  /** One connection: handshake, then packets until it fails or ends; true if any packet came. */
  private boolean session() throws IOException, SeedlinkException {
    int readSeconds = (int) Math.max(1, (options.readTimeout().toMillis() + 999) / 1000);
    int connectSeconds = (int) Math.max(1, (options.connectTimeout().toMillis() + 999) / 1000);
    if (producerFailed) {
      recoverProducer();
    }
    SeedlinkReader r =
        new SeedlinkReader(options.host(), options.port(), readSeconds, false, connectSeconds);
    reader = r;
    if (stopping) {
      return false;
    }
    String[] hello = r.sendHello();
    if (!everConnected) {
      everConnected = true;
      LOG.info("SeedLink {}: connected to '{}' ({})", options.origin(), hello[0], hello[1]);
    }
    server.up();
    List<String[]> stations = resolve(r);
    int requested = 0;
    for (String[] st : stations) {
      if (request(r, st[0], st[1], st[2])) {
        requested++;
      }
    }
    if (requested == 0) {
      throw new SeedlinkException("the server accepted none of the stations " + options.streams());
    }
    r.endHandshake();
    connected = true;
    boolean received = false;
    while (!stopping) {
      if (producerFailed) {
        throw new IOException("rewinding to the saved state after a Kafka failure");
      }
      if (!r.hasNext()) {
        if (!stopping && r.isConnected()) {
          endOfFeed = true;
        }
        return received;
      }
      SeedlinkPacket p = r.readPacket();
      received = true;
      handle(p);
    }
    return received;
  }

  /** Stations to request: [network, station, selectors joined by ','] per station. */
  private List<String[]> resolve(SeedlinkReader r) throws IOException, SeedlinkException {
    Map<String, String[]> out = new LinkedHashMap<>();
    List<String[]> serverStations = null;
    for (StationSpec spec : options.streams()) {
      String sels = String.join(",", spec.selectors());
      if (!spec.hasWildcard()) {
        out.merge(
            spec.network() + "." + spec.station(),
            new String[] {spec.network(), spec.station(), sels},
            SeedLinkBridge::mergeSelectors);
        continue;
      }
      if (serverStations == null) {
        serverStations = infoStations(r);
      }
      int matched = 0;
      for (String[] ns : serverStations) {
        if (spec.matches(ns[0], ns[1])) {
          out.merge(
              ns[0] + "." + ns[1],
              new String[] {ns[0], ns[1], sels},
              SeedLinkBridge::mergeSelectors);
          matched++;
        }
      }
      if (matched == 0) {
        LOG.warn("SeedLink {}: no station of the server matches {}", options.origin(), spec);
      }
    }
    return new ArrayList<>(out.values());
  }

  private static String[] mergeSelectors(String[] a, String[] b) {
    if (a[2].isEmpty() || b[2].isEmpty()) {
      return new String[] {a[0], a[1], ""}; // one of them wants everything
    }
    return new String[] {a[0], a[1], a[2] + "," + b[2]};
  }

  private List<String[]> infoStations(SeedlinkReader r) throws IOException, SeedlinkException {
    String xml;
    try {
      xml = r.getInfoString(SeedlinkReader.INFO_STATIONS);
    } catch (SeedFormatException e) {
      throw new SeedlinkException(
          "INFO STATIONS reply is not readable miniSEED: " + e.getMessage());
    }
    List<String[]> out = new ArrayList<>();
    Matcher m = STATION_XML.matcher(xml);
    while (m.find()) {
      out.add(new String[] {m.group(2), m.group(1)});
    }
    return out;
  }

  /** STATION, SELECT and DATA/TIME for one station; false when the server refuses the station. */
  private boolean request(SeedlinkReader r, String net, String sta, String selectors)
      throws IOException {
    String key = net + "." + sta;
    try {
      r.sendCmd("STATION " + sta + " " + net);
    } catch (SeedlinkException e) {
      metrics.increment("unknown-station");
      LOG.warn("SeedLink {}: the server refused station {}: skipped", options.origin(), key);
      return false;
    }
    for (String sel : selectors.split(",")) {
      if (sel.isEmpty()) {
        continue;
      }
      try {
        r.sendCmd("SELECT " + sel);
      } catch (SeedlinkException e) {
        LOG.warn(
            "SeedLink {}: the server refused selector {} for {}: ignored",
            options.origin(),
            sel,
            key);
      }
    }
    Integer last = sent.get(key);
    String action;
    if (last != null) {
      action = "DATA " + SeedLinkSequence.format(SeedLinkSequence.next(last));
    } else if (options.beginMicros() != null) {
      action = "TIME " + SeedLinkTime.formatCommand(options.beginMicros());
    } else {
      action = "DATA";
    }
    try {
      r.sendCmd(action);
    } catch (SeedlinkException e) {
      LOG.warn(
          "SeedLink {}: the server refused '{}' for {}: skipped", options.origin(), action, key);
      return false;
    }
    return true;
  }

  private void handle(SeedlinkPacket p) {
    if (p.isInfoPacket()) {
      return; // not data: INFO replies are only asked for during the handshake
    }
    long nowMicros = System.currentTimeMillis() * 1000;
    lastPacketNanos = System.nanoTime();
    if (stalled) {
      stalled = false;
      LOG.info("SeedLink {}: packets flow again", options.origin());
    }
    byte[] raw = p.getMseedBytes();
    int seq;
    try {
      seq = SeedLinkSequence.parse(p.getSeqNum());
    } catch (IllegalArgumentException e) {
      reject(
          raw,
          DeadLetterReason.CORRUPT_RECORD,
          "bad SeedLink header: " + e.getMessage(),
          nowMicros,
          null);
      return;
    }
    String key = peekStation(raw);
    Integer last = key == null ? null : sent.get(key);
    if (last != null && !SeedLinkSequence.isAfter(seq, last)) {
      reject(
          raw,
          DeadLetterReason.DUPLICATE,
          "SeedLink sequence %s of %s is not after the last published %s"
              .formatted(SeedLinkSequence.format(seq), key, SeedLinkSequence.format(last)),
          nowMicros,
          key);
      return;
    }
    publisher.publish(validator.validate(raw, options.origin(), nowMicros, (long) seq));
    if (key != null) {
      sent.put(key, seq);
    } else {
      metrics.increment("unattributed-sequence");
    }
  }

  private void reject(byte[] raw, DeadLetterReason reason, String detail, long micros, String key) {
    metrics.rejected(reason);
    publisher.publish(
        new Validation.Rejected(
            DeadLetters.of(raw, reason, detail, options.origin(), micros, null), key));
  }

  /**
   * {@code NET.STA} from a miniSEED 2 fixed header, without parsing the rest, so the sequence
   * number is attributed even when the payload is corrupt; null if the codes are not plausible.
   */
  static String peekStation(byte[] rec) {
    if (rec.length < 20) {
      return null;
    }
    String sta = new String(rec, 8, 5, StandardCharsets.US_ASCII).strip();
    String net = new String(rec, 18, 2, StandardCharsets.US_ASCII).strip();
    if (!sta.matches("[A-Za-z0-9]{1,5}") || !net.matches("[A-Za-z0-9]{1,2}")) {
      return null;
    }
    return net + "." + sta;
  }

  /**
   * Flush, then save (see the class description). Runs on the worker at each disconnect and stop,
   * and on the watchdog thread every checkpoint interval, so the state also follows the data when
   * the feed goes quiet. The snapshot is taken before the flush: every number in it belongs to a
   * packet handed to the producer before the flush began.
   */
  private synchronized void checkpoint() {
    if (producerFailed) {
      return; // the worker rewinds; nothing sent since the failure may be saved
    }
    Map<String, Integer> snapshot = new TreeMap<>(sent);
    try {
      publisher.flush();
    } catch (RuntimeException e) {
      LOG.error("Kafka rejected packets for good: {}; rewinding to the saved state", e.toString());
      metrics.increment("producer-failure");
      producerFailed = true;
      return;
    }
    if (!snapshot.equals(acknowledged)) {
      try {
        state.save(snapshot);
        acknowledged = Map.copyOf(snapshot);
      } catch (IOException e) {
        metrics.increment("state-save-failure");
        LOG.error("cannot save SeedLink state {}: {}", state.file(), e.getMessage());
        return;
      }
    }
    metrics.increment("checkpoint");
  }

  private void periodicCheckpoint() {
    try {
      if (!producerFailed && !new TreeMap<>(sent).equals(acknowledged)) {
        checkpoint();
      }
    } catch (RuntimeException e) {
      LOG.error("checkpoint failed", e); // keep the schedule alive
    }
  }

  /** A new producer and the saved state as the resume point (worker thread, not connected). */
  private synchronized void recoverProducer() {
    try {
      publisher.close();
    } catch (RuntimeException closing) {
      LOG.warn("closing the failed producer: {}", closing.toString());
    }
    publisher = new PacketPublisher(options.bootstrapServers(), options.producerOverrides());
    validator.reset();
    sent.clear();
    sent.putAll(acknowledged);
    producerFailed = false;
  }

  private void checkStall() {
    long idle = System.nanoTime() - lastPacketNanos;
    if (!stalled && idle > options.stallTimeout().toNanos()) {
      stalled = true;
      metrics.increment("stall");
      LOG.warn(
          "SeedLink {}: feed stalled, no packet for {} s ({})",
          options.origin(),
          idle / 1_000_000_000L,
          connected ? "connected" : "not connected");
    }
  }

  private void closeReader() {
    SeedlinkReader r = reader;
    reader = null;
    if (r != null) {
      r.close();
    }
  }

  /**
   * Stops: closes the connection, flushes the producer, saves the state and closes the producer.
   */
  @Override
  public void close() {
    stopping = true;
    stopSignal.countDown();
    SeedlinkReader r = reader;
    if (r != null) {
      r.close(); // unblocks the worker's read
    }
    try {
      worker.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    watchdog.shutdownNow();
    try {
      watchdog.awaitTermination(10, TimeUnit.SECONDS); // a running checkpoint finishes first
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    publisher.close();
    LOG.info("ingest {} stopped: {}", options.origin(), metrics);
  }
}
