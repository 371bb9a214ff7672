package org.countline.registry.serde;

import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.countline.registry.client.SchemaRegistryClient;
import org.countline.registry.client.SchemaRegistryException;

/**
 * The work behind both Avro deserializers: checks the wire-format header, fetches the writer schema
 * by id (once, then cached) and decodes, resolving the writer schema into the reader's (the
 * generated class's schema for specific reading, so data written with an older or newer compatible
 * schema still reads).
 *
 * <p>Every failure is a {@link SerializationException} naming the topic and the reason; nothing
 * else escapes, so a poison record cannot crash a caller that handles deserialization errors.
 */
final class AvroDeserializerCore {

  private static final DecoderFactory DECODERS = DecoderFactory.get();
  private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

  private final SchemaRegistryClient client;
  private final boolean specific;
  private final Class<?> readerClass;
  private final ConcurrentMap<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();
  // Most topics carry one schema id at a time: skip even the map lookup (and int boxing) for it.
  private volatile CachedReader last;

  /**
   * @param specific whether to read into generated classes
   * @param readerClass the generated class to read into, or {@code null} for the class the writer
   *     schema names (specific) or GenericRecord
   */
  AvroDeserializerCore(SchemaRegistryClient client, boolean specific, Class<?> readerClass) {
    this.client = client;
    this.specific = specific;
    this.readerClass = readerClass;
    AvroClassTrust.trustPackage(AvroClassTrust.GENERATED_PACKAGE);
    if (readerClass != null) {
      if (!SpecificRecord.class.isAssignableFrom(readerClass)) {
        throw new IllegalArgumentException(
            readerClass.getName() + " is not a generated Avro class");
      }
      AvroClassTrust.trustPackageOf(readerClass);
    }
  }

  Object deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (data.length < WireFormat.HEADER_LENGTH) {
      throw failure(
          topic,
          "record is "
              + data.length
              + " bytes, shorter than the 5-byte header (magic byte and schema id)",
          null);
    }
    if (data[0] != WireFormat.MAGIC_BYTE) {
      throw failure(
          topic,
          String.format(
              "unknown magic byte 0x%02x (expected 0x00: not written by an Avro schema-registry"
                  + " serializer)",
              data[0]),
          null);
    }
    int id = WireFormat.readId(data);
    DatumReader<Object> reader = readerFor(topic, id);
    BinaryDecoder decoder =
        DECODERS.binaryDecoder(
            data, WireFormat.HEADER_LENGTH, data.length - WireFormat.HEADER_LENGTH, DECODER.get());
    DECODER.set(decoder);
    try {
      return reader.read(null, decoder);
    } catch (EOFException e) {
      throw failure(
          topic,
          "payload truncated: "
              + (data.length - WireFormat.HEADER_LENGTH)
              + " bytes end before the record of schema id "
              + id
              + " does",
          e);
    } catch (IOException | RuntimeException e) {
      throw failure(topic, "payload does not decode with schema id " + id + " (" + e + ")", e);
    }
  }

  private DatumReader<Object> readerFor(String topic, int id) {
    CachedReader cached = last;
    if (cached != null && cached.id == id) {
      return cached.reader;
    }
    DatumReader<Object> reader = readers.get(id);
    if (reader == null) {
      reader = createReader(topic, id);
      DatumReader<Object> raced = readers.putIfAbsent(id, reader);
      reader = raced != null ? raced : reader;
    }
    last = new CachedReader(id, reader);
    return reader;
  }

  private DatumReader<Object> createReader(String topic, int id) {
    Schema writer;
    try {
      writer = client.getSchemaById(id);
    } catch (SchemaRegistryException e) {
      String reason =
          e.isNotFound()
              ? "unknown schema id " + id + " (the registry has no such schema)"
              : "cannot fetch writer schema id " + id + " from the registry: " + e.getMessage();
      throw failure(topic, reason, e);
    }
    if (!specific) {
      return new GenericDatumReader<>(writer, writer, GenericData.get());
    }
    Class<?> type = readerClass != null ? readerClass : generatedClassOf(topic, id, writer);
    if (type == null) {
      // A primitive or union writer schema has no generated class: read it as is.
      return new SpecificDatumReader<>(writer, writer, SpecificData.get());
    }
    // The class's own model carries its logical type conversions (timestamp-millis to Instant).
    SpecificData model = SpecificData.getForClass(type);
    return new SpecificDatumReader<>(writer, model.getSchema(type), model);
  }

  private Class<?> generatedClassOf(String topic, int id, Schema writer) {
    if (writer.getType() != Schema.Type.RECORD) {
      return null;
    }
    Class<?> type;
    try {
      type = SpecificData.get().getClass(writer);
    } catch (SecurityException e) {
      throw failure(
          topic,
          "Avro does not trust the class "
              + writer.getFullName()
              + " named by schema id "
              + id
              + "; set "
              + AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG
              + " (or the key type) to it",
          e);
    }
    if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
      throw failure(
          topic,
          "no generated class "
              + writer.getFullName()
              + " for schema id "
              + id
              + " on the classpath (read it with a GenericAvroDeserializer instead)",
          null);
    }
    return type;
  }

  private static SerializationException failure(String topic, String reason, Throwable cause) {
    return new SerializationException(
        "Cannot deserialize Avro record from topic '" + topic + "': " + reason, cause);
  }

  private record CachedReader(int id, DatumReader<Object> reader) {}
}
