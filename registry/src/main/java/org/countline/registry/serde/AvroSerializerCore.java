package org.countline.registry.serde;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.countline.registry.client.SchemaMetadata;
import org.countline.registry.client.SchemaRegistryClient;
import org.countline.registry.client.SchemaRegistryException;

/**
 * The work behind both Avro serializers: finds the schema id for a topic and schema (once, then
 * cached) and writes the wire format.
 *
 * <p>Hot path: two map lookups keyed by the topic and the record's schema instance (generated
 * classes share one), then an encoder and buffer reused per thread. Avro's datum writers are
 * stateless and shared across threads; its encoders are not, hence the thread-local.
 */
final class AvroSerializerCore {

  private static final EncoderFactory ENCODERS = EncoderFactory.get();
  private static final ThreadLocal<Output> OUTPUT = ThreadLocal.withInitial(Output::new);

  private final SchemaRegistryClient client;
  private final boolean isKey;
  private final boolean autoRegister;
  private final boolean useLatestVersion;
  private final SubjectNameStrategy subjects;
  private final ConcurrentMap<String, ConcurrentMap<Schema, Writer>> writersByTopic =
      new ConcurrentHashMap<>();

  AvroSerializerCore(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
    this.client = client;
    this.isKey = isKey;
    this.autoRegister = config.autoRegisterSchemas();
    this.useLatestVersion = config.useLatestVersion();
    this.subjects = config.subjectNameStrategy(isKey);
  }

  byte[] serialize(String topic, Object datum, Schema schema) {
    ConcurrentMap<Schema, Writer> writers = writersByTopic.get(topic);
    if (writers == null) {
      writers = writersByTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
    }
    Writer writer = writers.get(schema);
    if (writer == null) {
      // Outside computeIfAbsent: this may call the registry, and must not block other schemas.
      writer = resolve(topic, schema);
      Writer raced = writers.putIfAbsent(schema, writer);
      writer = raced != null ? raced : writer;
    }
    return encode(topic, writer, datum);
  }

  private Writer resolve(String topic, Schema schema) {
    String subject = subjects.subject(topic, isKey, schema);
    try {
      if (useLatestVersion) {
        return new Writer(latestIdFor(topic, subject, schema), schema);
      }
      int id = autoRegister ? client.register(subject, schema) : client.getId(subject, schema);
      return new Writer(id, schema);
    } catch (SchemaRegistryException e) {
      String action =
          useLatestVersion
              ? "find the latest schema"
              : autoRegister ? "register the schema" : "look up the schema";
      throw new SerializationException(
          "Cannot "
              + action
              + " "
              + schema.getFullName()
              + " under subject '"
              + subject
              + "' for topic '"
              + topic
              + "': "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The id of the subject's latest version, which must be this schema up to docs, defaults and
   * properties (its parsing canonical form): the record is written with its own schema, so the
   * bytes are what the latest schema describes.
   */
  private int latestIdFor(String topic, String subject, Schema schema) {
    SchemaMetadata latest = client.getLatestSchemaMetadata(subject);
    if (latest.schema().equals(schema)
        || SchemaNormalization.toParsingForm(latest.schema())
            .equals(SchemaNormalization.toParsingForm(schema))) {
      return latest.id();
    }
    throw new SerializationException(
        "use.latest.version: the latest schema of subject '"
            + subject
            + "' (id "
            + latest.id()
            + ", version "
            + latest.version()
            + ") differs from the "
            + schema.getFullName()
            + " record written to topic '"
            + topic
            + "'; register the record's schema or write records of the latest schema");
  }

  private static byte[] encode(String topic, Writer writer, Object datum) {
    Output out = OUTPUT.get();
    try {
      // Configure the encoder before resetting the buffer: re-targeting flushes whatever a failed
      // earlier call left in the encoder, and that must land in the bytes we are about to discard.
      out.encoder = ENCODERS.binaryEncoder(out.bytes, out.encoder);
      out.bytes.reset();
      out.bytes.writeHeader(writer.id);
      writer.writerFor(datum).write(datum, out.encoder);
      out.encoder.flush();
      return out.bytes.toByteArray();
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "Cannot serialize a "
              + writer.schema.getFullName()
              + " record for topic '"
              + topic
              + "': "
              + e.getMessage(),
          e);
    } finally {
      out.bytes.release();
    }
  }

  /** A schema's id and its datum writers, created on first use. */
  private static final class Writer {
    final int id;
    final Schema schema;
    private volatile DatumWriter<Object> specificWriter;
    private volatile DatumWriter<Object> genericWriter;

    Writer(int id, Schema schema) {
      this.id = id;
      this.schema = schema;
    }

    /**
     * Generated classes are written with their own model, which carries their logical type
     * conversions (an Instant for timestamp-millis); generic records with the plain one.
     */
    DatumWriter<Object> writerFor(Object datum) {
      if (datum instanceof SpecificRecord) {
        DatumWriter<Object> writer = specificWriter;
        if (writer == null) {
          writer = new SpecificDatumWriter<>(schema, SpecificData.getForClass(datum.getClass()));
          specificWriter = writer;
        }
        return writer;
      }
      DatumWriter<Object> writer = genericWriter;
      if (writer == null) {
        writer = new GenericDatumWriter<>(schema, GenericData.get());
        genericWriter = writer;
      }
      return writer;
    }
  }

  /** A thread's reusable encoder and buffer. */
  private static final class Output {
    final Bytes bytes = new Bytes();
    BinaryEncoder encoder;
  }

  /** An unsynchronized growable byte buffer (ByteArrayOutputStream locks on every write). */
  private static final class Bytes extends OutputStream {
    private static final int INITIAL = 256;
    // A rare huge record should not pin its buffer to the thread for ever.
    private static final int KEEP_AT_MOST = 1 << 20;

    private byte[] buffer = new byte[INITIAL];
    private int count;

    void writeHeader(int id) {
      ensure(WireFormat.HEADER_LENGTH);
      buffer[count++] = WireFormat.MAGIC_BYTE;
      buffer[count++] = (byte) (id >>> 24);
      buffer[count++] = (byte) (id >>> 16);
      buffer[count++] = (byte) (id >>> 8);
      buffer[count++] = (byte) id;
    }

    @Override
    public void write(int b) {
      ensure(1);
      buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      ensure(length);
      System.arraycopy(bytes, offset, buffer, count, length);
      count += length;
    }

    void reset() {
      count = 0;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buffer, count);
    }

    void release() {
      if (buffer.length > KEEP_AT_MOST) {
        buffer = new byte[INITIAL];
        count = 0;
      }
    }

    private void ensure(int extra) {
      if (count + extra > buffer.length) {
        buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + extra));
      }
    }
  }
}
