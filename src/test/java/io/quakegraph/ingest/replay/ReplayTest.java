package io.quakegraph.ingest.replay;

import static io.quakegraph.ingest.replay.ReplayFixtures.START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.adobe.testing.s3mock.S3MockApplication;
import io.quakegraph.SharedData;
import io.quakegraph.ingest.EmbeddedKafka;
import io.quakegraph.ingest.PacketPublisher;
import io.quakegraph.ingest.PacketSink;
import io.quakegraph.ingest.PacketValidator;
import io.quakegraph.ingest.Validation;
import io.quakegraph.ingest.replay.ReplayFixtures.TestTopics;
import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.DeadLetterReason;
import io.quakegraph.schema.WaveformPacket;
import io.quakegraph.seismic.Encoding;
import io.quakegraph.seismic.Inventory;
import io.quakegraph.seismic.MiniSeed;
import io.quakegraph.seismic.MiniSeed2Writer;
import io.quakegraph.seismic.MiniSeedException;
import io.quakegraph.seismic.MiniSeedRecord;
import io.quakegraph.seismic.SourceId;
import io.quakegraph.seismic.StationXml;
import io.quakegraph.seismic.Trace;
import io.quakegraph.seismic.Traces;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** Replays of small archives into a real in-process Kafka broker. */
class ReplayTest {
  private static final io.quakegraph.ingest.AvroCodec<WaveformPacket> CODEC =
      io.quakegraph.ingest.AvroCodec.of(WaveformPacket.class);

  @TempDir static Path tmp;
  private static EmbeddedKafka kafka;
  private static Path archive;
  private static Inventory inventory;

  @BeforeAll
  static void setUp() throws Exception {
    kafka = EmbeddedKafka.start();
    archive = ReplayFixtures.scenario(tmp.resolve("scenario"));
    inventory = StationXml.readDirectory(archive.resolve("stations"));
  }

  @AfterAll
  static void tearDown() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void scedcArchiveArrivesOnceInEndTimeOrderAndSampleIdentical() throws Exception {
    TestTopics t = ReplayFixtures.topics(kafka, "scedc");
    List<MiniSeedRecord> source =
        ReplayFixtures.records(
            ReplayFixtures.miniSeedFiles(archive.resolve("continuous_waveforms")));
    assertTrue(source.size() > 3 * 6, "records in the archive: " + source.size());
    Recording sink;
    ReplayResult r;
    try (PacketPublisher pub = ReplayFixtures.publisher(kafka, t)) {
      sink = new Recording(pub);
      r = replay(ReplayOptions.of(archive.toString()), new PacketValidator(inventory), sink);
    }
    assertEquals(source.size(), r.packets());
    assertEquals(0, r.deadLetters());
    assertNonDecreasing(sink.ends, "send order");

    List<WaveformPacket> packets = ReplayFixtures.packets(kafka, t);
    assertEquals(counts(source.stream().map(MiniSeedRecord::bytes).toList()), counts(raw(packets)));
    for (WaveformPacket p : packets) {
      assertEquals(
          p.getNetwork() + "." + p.getStation(), SourceId.parse(p.getSourceId()).stationId());
      assertEquals("replay:", p.getOrigin().substring(0, 7));
    }
    // Within a partition (a station's packets share one) the order of sending is kept.
    for (var part : ReplayFixtures.consumeAll(kafka, t.packets()).values()) {
      List<Long> ends = new ArrayList<>();
      for (var rec : part) {
        ends.add(MiniSeed.parse(bytes(CODEC.decode(rec.value()))).endMicros());
      }
      assertNonDecreasing(ends, "partition order");
    }
    assertEquals(Traces.assemble(source), Traces.assemble(parse(packets)));
    assertTrue(ReplayFixtures.deadLetters(kafka, t).isEmpty());
  }

  @Test
  void plainFolderWithAnyNamesIsIndexedByHeaders() throws Exception {
    Path src = SharedData.path("events/ci38038071_laverne_M4.4");
    Path dir = tmp.resolve("laverne");
    Files.createDirectories(dir);
    int i = 0;
    try (Stream<Path> files = Files.list(src)) {
      for (Path f : files.sorted().toList()) {
        // names that say nothing: the replay must read the headers
        String name =
            f.toString().endsWith(".mseed") ? "file" + (i++) + ".bin" : f.getFileName().toString();
        Files.copy(f, dir.resolve(name));
      }
    }
    TestTopics t = ReplayFixtures.topics(kafka, "plain");
    List<MiniSeedRecord> source = ReplayFixtures.records(mseedIn(src));
    ReplayResult r;
    try (PacketPublisher pub = ReplayFixtures.publisher(kafka, t)) {
      r =
          replay(
              ReplayOptions.of(dir.toString()),
              new PacketValidator(StationXml.readDirectory(src)),
              pub);
    }
    assertEquals(24, r.files());
    assertEquals(6, r.filesNotMiniSeed(), "5 StationXML files and event.json");
    List<WaveformPacket> packets = ReplayFixtures.packets(kafka, t);
    List<DeadLetter> dead = ReplayFixtures.deadLetters(kafka, t);
    assertEquals(List.of(), dead.stream().map(DeadLetter::getDetail).toList());
    assertEquals(source.size(), packets.size());
    assertEquals(counts(source.stream().map(MiniSeedRecord::bytes).toList()), counts(raw(packets)));
    assertEquals(Traces.assemble(source), Traces.assemble(parse(packets)));
  }

  @Test
  void packetSecondsOneGivesOneSecondRecordsWhoseUnionIsSampleIdentical() throws Exception {
    TestTopics t = ReplayFixtures.topics(kafka, "short");
    Selection hh = new Selection(Long.MIN_VALUE, Long.MAX_VALUE, List.of(), List.of("HH?"));
    ReplayResult r;
    try (PacketPublisher pub = ReplayFixtures.publisher(kafka, t)) {
      r =
          replay(
              ReplayOptions.of(archive.toString()).toBuilder()
                  .selection(hh)
                  .packetSeconds(1)
                  .build(),
              new PacketValidator(inventory),
              pub);
    }
    List<WaveformPacket> packets = ReplayFixtures.packets(kafka, t);
    assertEquals(r.packets(), packets.size());
    assertTrue(packets.size() >= 3 * 3 * 119, "packets: " + packets.size());
    int full = 0;
    for (WaveformPacket p : packets) {
      assertEquals(512, p.getRecord().remaining());
      assertTrue(p.getSampleCount() <= 100, "samples " + p.getSampleCount());
      if (p.getSampleCount() == 100) {
        full++;
      }
    }
    assertTrue(full >= 0.95 * packets.size(), full + " of " + packets.size() + " hold 1 s");
    List<MiniSeedRecord> source =
        ReplayFixtures.records(
                ReplayFixtures.miniSeedFiles(archive.resolve("continuous_waveforms")))
            .stream()
            .filter(x -> x.id().channel().startsWith("HH"))
            .toList();
    List<Trace> expected = Traces.assemble(source);
    assertEquals(9, expected.size());
    assertEquals(expected, Traces.assemble(parse(packets)));
  }

  @Test
  void corruptAndTruncatedFilesGiveDeadLettersAndTheReplayCompletes() throws Exception {
    Path dir = tmp.resolve("mixed");
    Files.createDirectories(dir);
    // three channels of 60 s in 512-byte Steim-2 records (about 100 records each)
    List<byte[]> written = new ArrayList<>();
    for (String cha : List.of("HHZ", "HHN", "HHE")) {
      double[] s = new double[6000];
      java.util.Random rnd = new java.util.Random(cha.hashCode());
      for (int k = 0; k < s.length; k++) {
        s[k] = Math.round(rnd.nextGaussian() * 5000);
      }
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      new MiniSeed2Writer(Encoding.STEIM2, 512)
          .write(new Trace(SourceId.parse("XX.MIX.." + cha), START, 100, s), out);
      written.add(out.toByteArray());
    }
    Files.write(dir.resolve("clean.ms"), written.get(0));
    byte[] damaged = written.get(1).clone();
    for (int k = 512 + 80; k < 512 + 300; k++) {
      damaged[k] ^= (byte) 0x5a; // inside record 2's Steim frames
    }
    Files.write(dir.resolve("damaged.ms"), damaged);
    Files.write(dir.resolve("truncated.ms"), java.util.Arrays.copyOf(written.get(2), 512 + 300));

    TestTopics t = ReplayFixtures.topics(kafka, "corrupt");
    ReplayResult r;
    try (PacketPublisher pub = ReplayFixtures.publisher(kafka, t)) {
      r = replay(ReplayOptions.of(dir.toString()), new PacketValidator(null), pub);
    }
    List<MiniSeedRecord> good = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.sorted().toList()) {
        good.addAll(MiniSeed.read(f).records());
      }
    }
    List<WaveformPacket> packets = ReplayFixtures.packets(kafka, t);
    List<DeadLetter> dead = ReplayFixtures.deadLetters(kafka, t);
    assertEquals(good.size(), packets.size());
    assertEquals(counts(good.stream().map(MiniSeedRecord::bytes).toList()), counts(raw(packets)));
    assertEquals(r.deadLetters(), dead.size());
    Map<DeadLetterReason, Long> reasons =
        dead.stream().collect(Collectors.groupingBy(DeadLetter::getReason, Collectors.counting()));
    assertEquals(
        Map.of(DeadLetterReason.CORRUPT_RECORD, 1L, DeadLetterReason.TRUNCATED_RECORD, 1L),
        reasons);
    for (DeadLetter d : dead) {
      String file =
          d.getReason() == DeadLetterReason.CORRUPT_RECORD ? "damaged.ms" : "truncated.ms";
      assertTrue(d.getOrigin().endsWith(file), d.getOrigin());
      assertTrue(d.getDetail().contains("byte 512"), d.getDetail());
      assertTrue(d.getRaw().remaining() > 0);
    }
  }

  @Test
  void unknownStationIsDeadLettered() throws Exception {
    Path inv = tmp.resolve("partial-inventory");
    Files.createDirectories(inv);
    List<Path> xml;
    try (Stream<Path> s = Files.list(archive.resolve("stations"))) {
      xml = s.sorted().toList();
    }
    for (Path x : xml.subList(1, xml.size())) {
      Files.copy(x, inv.resolve(x.getFileName()));
    }
    String missing = xml.get(0).getFileName().toString().replace(".xml", "");
    TestTopics t = ReplayFixtures.topics(kafka, "unknown");
    try (PacketPublisher pub = ReplayFixtures.publisher(kafka, t)) {
      replay(
          ReplayOptions.of(archive.toString()),
          new PacketValidator(StationXml.readDirectory(inv)),
          pub);
    }
    long expected =
        ReplayFixtures.records(
                ReplayFixtures.miniSeedFiles(archive.resolve("continuous_waveforms")))
            .stream()
            .filter(x -> x.id().stationId().equals(missing))
            .count();
    assertTrue(expected > 0);
    List<DeadLetter> dead = ReplayFixtures.deadLetters(kafka, t);
    assertEquals(expected, dead.size());
    for (DeadLetter d : dead) {
      assertEquals(DeadLetterReason.UNKNOWN_STATION, d.getReason());
      assertTrue(d.getDetail().contains(missing), d.getDetail());
    }
    assertTrue(
        ReplayFixtures.packets(kafka, t).stream()
            .noneMatch(p -> (p.getNetwork() + "." + p.getStation()).equals(missing)));
  }

  @Test
  void speedTenPlaysTwentySecondsInAboutTwo() throws Exception {
    Path dir = tmp.resolve("paced");
    Files.createDirectories(dir);
    double[] s = new double[2000];
    for (int k = 0; k < s.length; k++) {
      s[k] = (k * 37) % 1000 - 500;
    }
    Trace trace = new Trace(SourceId.parse("XX.PACE..HHZ"), START, 100, s);
    try (OutputStream out = Files.newOutputStream(dir.resolve("pace.mseed"))) {
      MiniSeed2Writer.shortRecords(Encoding.STEIM2, 1).write(trace, out);
    }
    List<Long> sendTimes = new ArrayList<>();
    PacketSink timing =
        new PacketSink() {
          @Override
          public void send(Validation v) {
            sendTimes.add(System.nanoTime());
          }

          @Override
          public void flush() {}
        };
    ReplayResult r =
        replay(
            ReplayOptions.of(dir.toString()).toBuilder().speed(10).build(),
            new PacketValidator(null),
            timing);
    assertEquals(20, r.packets());
    double span = (sendTimes.get(19) - sendTimes.get(0)) / 1e9;
    // 19 s of data between the first and the last packet's end: 1.9 s at 10x
    assertTrue(span >= 1.5 && span <= 4, "20 s of data at 10x took " + span + " s");
    assertTrue(r.wallSeconds() >= 1.5, "wall " + r.wallSeconds());
  }

  @Test
  void s3ArchiveOnALocalS3ServerReplaysLikeTheFolder() throws Exception {
    Map<String, Object> props = new HashMap<>();
    props.put(S3MockApplication.PROP_HTTP_PORT, S3MockApplication.RANDOM_PORT);
    props.put(S3MockApplication.PROP_HTTPS_PORT, S3MockApplication.RANDOM_PORT);
    props.put(S3MockApplication.PROP_ROOT_DIRECTORY, tmp.resolve("s3root").toString());
    props.put(S3MockApplication.PROP_INITIAL_BUCKETS, "scedc-test");
    props.put(S3MockApplication.PROP_SILENT, true);
    props.put("server.address", "127.0.0.1");
    S3MockApplication s3 = S3MockApplication.start(props);
    try {
      URI endpoint = URI.create("http://127.0.0.1:" + s3.getHttpPort());
      Path waveforms = archive.resolve("continuous_waveforms");
      List<Path> files = ReplayFixtures.miniSeedFiles(waveforms);
      try (S3Client client =
          S3Client.builder()
              .endpointOverride(endpoint)
              .region(Region.US_WEST_2)
              .forcePathStyle(true)
              .httpClient(UrlConnectionHttpClient.create())
              .credentialsProvider(
                  StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
              .build()) {
        for (Path f : files) {
          String key =
              "continuous_waveforms/" + waveforms.relativize(f).toString().replace('\\', '/');
          client.putObject(
              PutObjectRequest.builder().bucket("scedc-test").key(key).build(),
              RequestBody.fromFile(f));
        }
        client.putObject(
            PutObjectRequest.builder()
                .bucket("scedc-test")
                .key("continuous_waveforms/README")
                .build(),
            RequestBody.fromString("not a day file"));
      }
      TestTopics t = ReplayFixtures.topics(kafka, "s3");
      Selection window = new Selection(START, START + 120_000_000L, List.of(), List.of());
      ReplayResult r;
      try (PacketPublisher pub = ReplayFixtures.publisher(kafka, t)) {
        r =
            replay(
                ReplayOptions.of("s3://scedc-test/continuous_waveforms").toBuilder()
                    .selection(window)
                    .s3Endpoint(endpoint)
                    .s3Region("us-west-2")
                    .s3PathStyle(true)
                    .build(),
                new PacketValidator(inventory),
                pub);
      }
      List<MiniSeedRecord> source = ReplayFixtures.records(files);
      assertEquals(files.size(), r.files());
      assertEquals(source.size(), r.packets());
      List<WaveformPacket> packets = ReplayFixtures.packets(kafka, t);
      assertEquals(
          counts(source.stream().map(MiniSeedRecord::bytes).toList()), counts(raw(packets)));
      assertTrue(
          packets.stream().allMatch(p -> p.getOrigin().startsWith("replay:s3://scedc-test/")));
      assertTrue(ReplayFixtures.deadLetters(kafka, t).isEmpty());
    } finally {
      s3.stop();
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static ReplayResult replay(ReplayOptions o, PacketValidator v, PacketSink sink)
      throws IOException, InterruptedException {
    return new Replayer(o, v, sink, null).run();
  }

  private static List<Path> mseedIn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".mseed")).sorted().toList();
    }
  }

  private static List<byte[]> raw(List<WaveformPacket> packets) {
    return packets.stream().map(p -> ReplayFixtures.bytes(p.getRecord())).toList();
  }

  private static Map<ByteBuffer, Integer> counts(List<byte[]> records) {
    Map<ByteBuffer, Integer> m = new HashMap<>();
    for (byte[] b : records) {
      m.merge(ByteBuffer.wrap(b), 1, Integer::sum);
    }
    return m;
  }

  private static List<MiniSeedRecord> parse(List<WaveformPacket> packets) throws MiniSeedException {
    List<MiniSeedRecord> out = new ArrayList<>();
    for (byte[] b : raw(packets)) {
      out.add(MiniSeed.parse(b));
    }
    return out;
  }

  private static byte[] bytes(WaveformPacket p) {
    return ReplayFixtures.bytes(p.getRecord());
  }

  private static void assertNonDecreasing(List<Long> values, String what) {
    assertFalse(values.isEmpty(), what + ": nothing");
    for (int k = 1; k < values.size(); k++) {
      assertTrue(values.get(k) >= values.get(k - 1), what + " goes back at " + k);
    }
  }

  /** Passes everything on and remembers the end time of each accepted packet, in send order. */
  private static final class Recording implements PacketSink {
    final PacketSink next;
    final List<Long> ends = new ArrayList<>();

    Recording(PacketSink next) {
      this.next = next;
    }

    @Override
    public void send(Validation v) {
      if (v instanceof Validation.Accepted a) {
        ends.add(a.record().endMicros());
      }
      next.send(v);
    }

    @Override
    public void flush() {
      next.flush();
    }
  }
}
