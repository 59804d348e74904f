package io.quakegraph.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quakegraph.ingest.seedlink.SeedLinkSequence;
import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.DeadLetterReason;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.Encoding;
import io.quakegraph.seismic.MiniSeed2Writer;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.Trace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge's handling of bad feeds, against a scripted SeedLink server on a real socket (so the
 * packets can be corrupt or repeated on purpose) and a real in-process broker.
 */
class SeedLinkBridgeTest {
  static EmbeddedKafka kafka;

  @BeforeAll
  static void broker() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopics();
  }

  @AfterAll
  static void stop() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void corruptAndRepeatedPacketsAreDeadLetteredAndAStallIsReported(@TempDir Path tmp)
      throws Exception {
    double[] samples = new double[3000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = Math.round(1000 * Math.sin(i / 7.0));
    }
    long t0 = 1_562_382_000_000_000L; // 2019-07-06T03:00:00Z
    List<byte[]> recs =
        new MiniSeed2Writer(Encoding.STEIM2, 512)
            .records(new Trace(SourceId.of("XX", "TST", "", "HHZ"), t0, 100, samples), 1);
    assertTrue(recs.size() >= 3);
    byte[] corrupt = recs.get(1).clone();
    for (int i = 64; i < 512; i++) {
      corrupt[i] = (byte) 0xA5; // Steim frames of garbage: the integrity check fails
    }
    // seq 1 good, seq 2 corrupt, seq 1 again (a server ignoring the resume), seq 3 good
    List<byte[]> script =
        List.of(
            packet(1, recs.get(0)),
            packet(2, corrupt),
            packet(1, recs.get(0)),
            packet(3, recs.get(2)));
    try (ScriptedServer server = new ScriptedServer(script)) {
      SeedLinkBridgeOptions options =
          SeedLinkBridgeOptions.of(
                  "127.0.0.1",
                  server.port(),
                  StationSpec.parseList("XX_TST"),
                  kafka.bootstrapServers(),
                  tmp)
              .toBuilder()
              .connectTimeout(Duration.ofSeconds(2))
              .readTimeout(Duration.ofSeconds(30))
              .stallTimeout(Duration.ofMillis(1500))
              .checkpointInterval(Duration.ofMillis(100))
              .build();
      IngestMetrics metrics = new IngestMetrics();
      try (SeedLinkBridge bridge = SeedLinkBridge.start(options, metrics)) {
        SeedLinkEndToEndTest.await(
            () -> metrics.acceptedCount() + metrics.rejectedCount() == 4, 20, "4 packets");
        assertFalse(bridge.isStalled());
        long t = System.nanoTime();
        SeedLinkEndToEndTest.await(bridge::isStalled, 10, "the stall report");
        double after = (System.nanoTime() - t) / 1e9;
        assertTrue(after < 3, "stall reported " + after + " s after the last packet check");
        assertEquals(1, metrics.count("stall"));
        SeedLinkEndToEndTest.await(
            () -> bridge.savedSequences().equals(Map.of("XX.TST", 3)), 10, "state saved");
        assertEquals(List.of("STATION TST XX", "DATA"), server.commands().subList(1, 3));
      }
      assertEquals(2, metrics.acceptedCount());
      assertEquals(1, metrics.rejectedCount(DeadLetterReason.CORRUPT_RECORD));
      assertEquals(1, metrics.rejectedCount(DeadLetterReason.DUPLICATE));
      assertTrue(
          Files.readString(new SequenceState(tmp, "127.0.0.1", server.port()).file())
              .contains("XX.TST 000003"));
    }
    List<ConsumerRecord<byte[], byte[]>> letters = consume(Topics.DEADLETTER, 2);
    AvroCodec<DeadLetter> codec = AvroCodec.of(DeadLetter.class);
    List<DeadLetterReason> reasons = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : letters) {
      DeadLetter d = codec.decode(r.value());
      reasons.add(d.getReason());
      assertTrue(d.getOrigin().startsWith("seedlink:127.0.0.1:"), d.getOrigin());
      assertEquals(512, d.getRaw().remaining());
    }
    assertTrue(
        reasons.containsAll(List.of(DeadLetterReason.CORRUPT_RECORD, DeadLetterReason.DUPLICATE)),
        reasons.toString());
    List<ConsumerRecord<byte[], byte[]>> packets = consume(Topics.PACKETS, 2);
    AvroCodec<WaveformPacket> pc = AvroCodec.of(WaveformPacket.class);
    List<Long> seqs = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : packets) {
      assertEquals("XX.TST", new String(r.key(), StandardCharsets.UTF_8));
      seqs.add(pc.decode(r.value()).getSequence());
    }
    assertEquals(List.of(1L, 3L), seqs);
  }

  @Test
  void resumesWithTheSavedSequenceAndBacksOffWhenRefused(@TempDir Path tmp) throws Exception {
    try (ScriptedServer server = new ScriptedServer(List.of())) {
      new SequenceState(tmp, "127.0.0.1", server.port()).save(Map.of("XX.TST", 0xFFFFFF));
      SeedLinkBridgeOptions options =
          SeedLinkBridgeOptions.of(
                  "127.0.0.1",
                  server.port(),
                  StationSpec.parseList("XX_TST:HH?,--HNZ"),
                  kafka.bootstrapServers(),
                  tmp)
              .toBuilder()
              .backoffInitial(Duration.ofMillis(50))
              .backoffMax(Duration.ofMillis(200))
              .seed(3)
              .build();
      IngestMetrics metrics = new IngestMetrics();
      try (SeedLinkBridge bridge = SeedLinkBridge.start(options, metrics)) {
        SeedLinkEndToEndTest.await(
            () -> server.commands().contains("DATA 000000"), 10, "DATA 000000");
        List<String> c = server.commands();
        int i = c.indexOf("STATION TST XX");
        assertEquals(
            List.of("SELECT HH?", "SELECT --HNZ", "DATA 000000"),
            c.subList(i + 1, i + 4),
            c.toString());
      }
    }
    try (ScriptedServer refusing = ScriptedServer.refusing()) {
      SeedLinkBridgeOptions options =
          SeedLinkBridgeOptions.of(
                  "127.0.0.1",
                  refusing.port(),
                  StationSpec.parseList("XX_TST"),
                  kafka.bootstrapServers(),
                  tmp)
              .toBuilder()
              .backoffInitial(Duration.ofMillis(20))
              .backoffMax(Duration.ofMillis(80))
              .seed(3)
              .build();
      IngestMetrics metrics = new IngestMetrics();
      try (SeedLinkBridge bridge = SeedLinkBridge.start(options, metrics)) {
        SeedLinkEndToEndTest.await(() -> metrics.count("reconnect") >= 4, 10, "reconnects");
        assertTrue(metrics.count("unknown-station") >= 4);
      }
    }
  }

  @Test
  void backoffDoublesToItsCapWithSeededJitter() {
    Backoff a = new Backoff(100, 1000, 7);
    Backoff b = new Backoff(100, 1000, 7);
    long[] caps = {100, 200, 400, 800, 1000, 1000, 1000};
    for (long cap : caps) {
      long d = a.nextDelayMillis();
      assertEquals(d, b.nextDelayMillis(), "same seed, same delays");
      assertTrue(d >= cap / 2 && d <= cap, d + " for cap " + cap);
    }
    a.reset();
    assertTrue(a.nextDelayMillis() <= 100);
    assertThrows(IllegalArgumentException.class, () -> new Backoff(0, 10, 1));
  }

  @Test
  void streamSpecsAndStateFile(@TempDir Path tmp) throws Exception {
    List<StationSpec> s = StationSpec.parseList("CI_*:HH?,HN? CI_PAS;AZ_B?N:00HHZ.D");
    assertEquals(3, s.size());
    assertEquals(List.of("HH?", "HN?"), s.get(0).selectors());
    assertTrue(s.get(0).hasWildcard() && s.get(0).matches("CI", "GR2"));
    assertFalse(s.get(0).matches("AZ", "GR2"));
    assertFalse(s.get(1).hasWildcard());
    assertTrue(s.get(2).matches("AZ", "BZN"));
    for (String bad : new String[] {"", "CIPAS", "CI_PAS:HH?!!", "C I_PAS", "_PAS", "CI_"}) {
      assertThrows(IllegalArgumentException.class, () -> StationSpec.parseList(bad), bad);
    }
    SequenceState st = new SequenceState(tmp, "localhost", 18000);
    assertEquals(Map.of(), st.load());
    st.save(Map.of("CI.PAS", 0x1A6, "CI.GR2", 7));
    assertEquals(Map.of("CI.PAS", 0x1A6, "CI.GR2", 7), st.load());
    assertFalse(Files.exists(st.file().resolveSibling(st.file().getFileName() + ".tmp")));
    Files.writeString(st.file(), "CI.PAS zz\n");
    IOException e = assertThrows(IOException.class, st::load);
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    assertEquals(
        "CI.PAS",
        SeedLinkBridge.peekStation(
            packet(1, new byte[512]).length == 520 ? header("CI", "PAS") : null));
    assertEquals(null, SeedLinkBridge.peekStation(new byte[512]));
  }

  private static byte[] header(String net, String sta) {
    byte[] b = new byte[512];
    byte[] a = "000001D %-5s  HHZ%-2s".formatted(sta, net).getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(a, 0, b, 0, a.length);
    return b;
  }

  private static byte[] packet(int seq, byte[] record) {
    byte[] p = new byte[520];
    System.arraycopy(
        ("SL" + SeedLinkSequence.format(seq)).getBytes(StandardCharsets.US_ASCII), 0, p, 0, 8);
    System.arraycopy(record, 0, p, 8, 512);
    return p;
  }

  private static List<ConsumerRecord<byte[], byte[]>> consume(String topic, int expected) {
    Properties cp = kafka.clientProperties();
    cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(cp, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      c.partitionsFor(topic).forEach(pi -> parts.add(new TopicPartition(topic, pi.partition())));
      c.assign(parts);
      c.seekToBeginning(parts);
      long deadline = System.nanoTime() + 15_000_000_000L;
      while (out.size() < expected && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      c.poll(Duration.ofMillis(300)).forEach(out::add);
    }
    out.sort((x, y) -> Long.compare(x.offset(), y.offset()));
    return out;
  }

  /**
   * A SeedLink server that answers every handshake command with OK (or STATION with ERROR when
   * refusing), records the commands, and after END sends its scripted packets once, then stays
   * silent.
   */
  static final class ScriptedServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<String> commands = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;

    ScriptedServer(List<byte[]> packets) throws IOException {
      this(packets, false);
    }

    static ScriptedServer refusing() throws IOException {
      return new ScriptedServer(List.of(), true);
    }

    private ScriptedServer(List<byte[]> packets, boolean refuse) throws IOException {
      socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
      thread =
          new Thread(
              () -> {
                boolean sent = false;
                List<Socket> open = new ArrayList<>();
                try {
                  while (true) {
                    Socket s = socket.accept();
                    open.add(s);
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream();
                    StringBuilder line = new StringBuilder();
                    int c;
                    while ((c = in.read()) >= 0) {
                      if (c != '\r' && c != '\n') {
                        line.append((char) c);
                        continue;
                      }
                      if (line.length() == 0) {
                        continue;
                      }
                      String cmd = line.toString();
                      line.setLength(0);
                      commands.add(cmd);
                      if (cmd.equals("HELLO")) {
                        out.write(
                            "SeedLink v3.1 (scripted)\r\nTest\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                      } else if (cmd.equals("END")) {
                        if (!sent) {
                          for (byte[] p : packets) {
                            out.write(p);
                          }
                          sent = true;
                        }
                        out.flush();
                      } else if (cmd.equals("BYE")) {
                        break;
                      } else {
                        boolean no = refuse && cmd.startsWith("STATION");
                        out.write(
                            (no ? "ERROR\r\n" : "OK\r\n").getBytes(StandardCharsets.US_ASCII));
                      }
                      out.flush();
                    }
                    s.close();
                  }
                } catch (IOException e) {
                  // closed
                } finally {
                  for (Socket s : open) {
                    try {
                      s.close();
                    } catch (IOException ignored) {
                      // closing anyway
                    }
                  }
                }
              },
              "scripted-seedlink");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    List<String> commands() {
      synchronized (commands) {
        return List.copyOf(commands);
      }
    }

    @Override
    public void close() throws Exception {
      socket.close();
      thread.join(2000);
    }
  }
}
