package io.quakegraph.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one kind of generated Avro record as Kafka record values.
 *
 * <p>The wire format is Avro single-object encoding: a 2-byte marker, the 8-byte CRC-64 fingerprint
 * of the writer's schema, then Avro binary. The fingerprint lets a reader that carries the previous
 * versions of the schema (kept in {@code kafka-schemas/history/NAME/vN.avsc}, on the classpath)
 * decode records written by an older producer, which is what the BACKWARD compatibility rule is
 * for; a schema registry is not needed.
 *
 * <p>Decoding never lets a bad value escape as an arbitrary runtime exception: it throws {@link
 * AvroDecodeException} with a reason, for the caller to dead-letter.
 *
 * @param <T> the generated record class
 */
public final class AvroCodec<T extends SpecificRecord> {
  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;
  private final List<Schema> writerSchemas = new ArrayList<>();

  private AvroCodec(Class<T> type) {
    // The generated class's own model: it carries the logical-type conversions (Instant for
    // timestamp-micros) that the class's fields need.
    SpecificData model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);
    writerSchemas.add(schema);
  }

  /**
   * A codec for a generated class, which also reads every previous version of its schema found in
   * the classpath history ({@code kafka-schemas/history/NAME/v1.avsc}, v2, ...).
   */
  public static <T extends SpecificRecord> AvroCodec<T> of(Class<T> type) {
    AvroCodec<T> codec = new AvroCodec<>(type);
    for (Schema old : history(codec.schema.getName())) {
      codec.withWriterSchema(old);
    }
    return codec;
  }

  /** Previous versions of a schema kept on the classpath, oldest first. */
  public static List<Schema> history(String name) {
    List<Schema> out = new ArrayList<>();
    for (int v = 1; ; v++) {
      String resource = "/kafka-schemas/history/" + name + "/v" + v + ".avsc";
      try (InputStream in = AvroCodec.class.getResourceAsStream(resource)) {
        if (in == null) {
          return out;
        }
        out.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema " + resource, e);
      }
    }
  }

  /** Also accept records written with this (older or newer, compatible) writer schema. */
  public AvroCodec<T> withWriterSchema(Schema writer) {
    decoder.addSchema(writer);
    writerSchemas.add(writer);
    return this;
  }

  /** The reader (current) schema. */
  public Schema schema() {
    return schema;
  }

  /** Writer schemas this codec can decode, the current one first. */
  public List<Schema> writerSchemas() {
    return List.copyOf(writerSchemas);
  }

  /** Encodes a record. */
  public byte[] encode(T record) {
    try {
      ByteBuffer buf = encoder.encode(record);
      byte[] out = new byte[buf.remaining()];
      buf.get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + schema.getName(), e);
    }
  }

  /**
   * Decodes a record.
   *
   * @throws AvroDecodeException if the bytes are null, not single-object encoded, written with an
   *     unknown schema, truncated, or otherwise not a valid record
   */
  public T decode(byte[] bytes) {
    if (bytes == null) {
      throw new AvroDecodeException(schema.getName() + ": null value");
    }
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new AvroDecodeException(
          schema.getName() + ": written with a schema this reader does not know: " + e.getMessage(),
          e);
    } catch (BadHeaderException e) {
      throw new AvroDecodeException(
          schema.getName() + ": not Avro single-object encoded: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      // Garbage behind a valid header fails in many ways inside Avro's decoder (EOF, bad union
      // index, negative length, an out-of-range timestamp in the Instant conversion...).
      throw new AvroDecodeException(
          schema.getName() + ": invalid or truncated record (" + bytes.length + " bytes): " + e, e);
    }
  }

  /** A value that cannot be decoded; the message says why. */
  public static final class AvroDecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    AvroDecodeException(String message) {
      super(message);
    }

    AvroDecodeException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
