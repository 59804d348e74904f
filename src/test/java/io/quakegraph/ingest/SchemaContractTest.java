package io.quakegraph.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quakegraph.schema.DeadLetter;
import io.quakegraph.schema.EarthquakeAlert;
import io.quakegraph.schema.StationPick;
import io.quakegraph.schema.WaveformPacket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * The Avro contract in kafka-schemas/: every schema documented, BACKWARD compatible with every
 * previous version kept in kafka-schemas/history/, generated classes matching the files and
 * surviving binary encoding.
 */
class SchemaContractTest {
  private static final Path DIR = Path.of("kafka-schemas");
  private static final List<String> NAMES =
      List.of("WaveformPacket", "DeadLetter", "EarthquakeAlert", "StationPick");

  private static Schema parse(Path file) throws IOException {
    return new Schema.Parser().parse(Files.readString(file));
  }

  private static List<Path> history(String name) throws IOException {
    try (Stream<Path> files = Files.list(DIR.resolve("history").resolve(name))) {
      return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
    }
  }

  private static boolean backwardCompatible(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
        == SchemaCompatibilityType.COMPATIBLE;
  }

  @Test
  void everySchemaFileIsKnownAndHasHistory() throws IOException {
    List<String> files;
    try (Stream<Path> s = Files.list(DIR)) {
      files =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".avsc"))
              .map(n -> n.substring(0, n.length() - 5))
              .sorted()
              .toList();
    }
    assertEquals(NAMES.stream().sorted().toList(), files);
    for (String name : NAMES) {
      assertFalse(history(name).isEmpty(), name + " has no previous version in history/");
      assertEquals(
          history(name).size(),
          AvroCodec.history(name).size(),
          name + ": history on the classpath differs from kafka-schemas/history");
    }
  }

  @Test
  void currentSchemasAreBackwardCompatibleWithEveryPreviousVersion() throws IOException {
    for (String name : NAMES) {
      Schema current = parse(DIR.resolve(name + ".avsc"));
      for (Path old : history(name)) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(current, parse(old));
        assertEquals(
            SchemaCompatibilityType.COMPATIBLE,
            result.getType(),
            name + " is not BACKWARD compatible with " + old + ": " + result.getResult());
      }
    }
  }

  @Test
  void theCheckCatchesIncompatibleChanges() throws IOException {
    ObjectMapper json = new ObjectMapper();
    for (String name : NAMES) {
      Schema v1 = parse(history(name).get(0));
      String text = Files.readString(DIR.resolve(name + ".avsc"));

      // A new field WITHOUT a default: old records cannot fill it, so BACKWARD breaks.
      ObjectNode noDefault = (ObjectNode) json.readTree(text);
      ((ArrayNode) noDefault.get("fields"))
          .addObject()
          .put("name", "addedLater")
          .put("type", "int")
          .put("doc", "test");
      assertFalse(
          backwardCompatible(new Schema.Parser().parse(noDefault.toString()), v1),
          name + ": a field added without default was not caught");

      // The same field WITH a default is fine: proves the mutation itself is otherwise valid.
      ObjectNode withDefault = (ObjectNode) json.readTree(text);
      ((ArrayNode) withDefault.get("fields"))
          .addObject()
          .put("name", "addedLater")
          .put("type", "int")
          .put("doc", "test")
          .put("default", 0);
      assertTrue(
          backwardCompatible(new Schema.Parser().parse(withDefault.toString()), v1),
          name + ": a field added with a default was rejected");

      // Narrowing the type of the first field (string/long -> int, or the like) breaks too.
      ObjectNode retyped = (ObjectNode) json.readTree(text);
      ObjectNode first = (ObjectNode) retyped.get("fields").get(0);
      first.put("type", "boolean".equals(first.get("type").asText()) ? "int" : "boolean");
      first.remove("default");
      assertFalse(
          backwardCompatible(new Schema.Parser().parse(retyped.toString()), v1),
          name + ": a changed field type was not caught");
    }
  }

  @Test
  void everyRecordFieldAndEnumIsDocumented() throws IOException {
    for (String name : NAMES) {
      List<String> missing = new ArrayList<>();
      walkDocs(parse(DIR.resolve(name + ".avsc")), missing, new IdentityHashMap<>());
      assertTrue(missing.isEmpty(), name + ": no doc on " + missing);
    }
  }

  private static void walkDocs(Schema s, List<String> missing, Map<Schema, Boolean> seen) {
    if (seen.put(s, true) != null) {
      return;
    }
    switch (s.getType()) {
      case RECORD -> {
        if (blank(s.getDoc())) {
          missing.add(s.getFullName());
        }
        for (Schema.Field f : s.getFields()) {
          if (blank(f.doc())) {
            missing.add(s.getName() + "." + f.name());
          }
          walkDocs(f.schema(), missing, seen);
        }
      }
      case ENUM -> {
        if (blank(s.getDoc())) {
          missing.add(s.getFullName());
        }
      }
      case UNION -> s.getTypes().forEach(t -> walkDocs(t, missing, seen));
      case ARRAY -> walkDocs(s.getElementType(), missing, seen);
      case MAP -> walkDocs(s.getValueType(), missing, seen);
      default -> {}
    }
  }

  private static boolean blank(String doc) {
    return doc == null || doc.isBlank();
  }

  @Test
  void timesAreMicrosecondTimestamps() throws IOException {
    Map<String, List<String>> times =
        Map.of(
            "WaveformPacket", List.of("startTime", "receiveTime"),
            "DeadLetter", List.of("time"),
            "EarthquakeAlert", List.of("issueTime", "dataTime", "originTime"),
            "StationPick", List.of("onsetTime", "stepTime"));
    for (var e : times.entrySet()) {
      Schema s = parse(DIR.resolve(e.getKey() + ".avsc"));
      for (String field : e.getValue()) {
        Schema t = s.getField(field).schema();
        assertEquals(Schema.Type.LONG, t.getType(), e.getKey() + "." + field);
        assertEquals("timestamp-micros", t.getLogicalType().getName(), e.getKey() + "." + field);
      }
    }
  }

  @Test
  void generatedClassesMatchTheSchemaFiles() throws IOException {
    Map<String, Class<? extends SpecificRecord>> classes =
        Map.of(
            "WaveformPacket", WaveformPacket.class,
            "DeadLetter", DeadLetter.class,
            "EarthquakeAlert", EarthquakeAlert.class,
            "StationPick", StationPick.class);
    for (var e : classes.entrySet()) {
      Schema file = parse(DIR.resolve(e.getKey() + ".avsc"));
      Schema generated = SpecificData.get().getSchema(e.getValue());
      // The compiler marks strings with avro.java.string=String (stringType); nothing else differs.
      String generatedJson =
          generated
              .toString()
              .replace("{\"type\":\"string\",\"avro.java.string\":\"String\"}", "\"string\"");
      assertEquals(file.toString(), generatedJson, e.getKey() + ": generated class is stale");
      assertEquals(
          SchemaNormalization.parsingFingerprint64(file),
          SchemaNormalization.parsingFingerprint64(generated),
          e.getKey() + ": wire fingerprint differs");
      assertEquals("io.quakegraph.schema", e.getValue().getPackageName());
    }
  }

  @Test
  void generatedClassesRoundTripThroughBinaryEncoding() throws IOException {
    for (SpecificRecord r :
        List.<SpecificRecord>of(
            SampleRecords.packet(7),
            SampleRecords.deadLetter(),
            SampleRecords.alert(),
            SampleRecords.pick())) {
      assertEquals(r, roundTrip(r), r.getSchema().getName());
    }
    // Optional fields left at their defaults survive too.
    WaveformPacket bare =
        WaveformPacket.newBuilder(SampleRecords.packet(1)).setSequence(null).build();
    WaveformPacket back = roundTrip(bare);
    assertEquals(null, back.getSequence());
    assertEquals(SampleRecords.T0.plusMillis(10), back.getStartTime(), "microseconds lost");
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> T roundTrip(T record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
    new SpecificDatumWriter<T>(record.getSchema()).write(record, enc);
    enc.flush();
    BinaryDecoder dec = DecoderFactory.get().binaryDecoder(out.toByteArray(), null);
    T back = new SpecificDatumReader<T>((Class<T>) record.getClass()).read(null, dec);
    assertTrue(dec.isEnd(), "bytes left over after decoding " + record.getSchema().getName());
    return back;
  }
}
