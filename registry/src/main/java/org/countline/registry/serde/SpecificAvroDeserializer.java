package org.countline.registry.serde;

import org.apache.avro.specific.SpecificRecord;
import org.countline.registry.client.SchemaRegistryClient;

/**
 * Reads the Confluent wire format into generated Avro classes.
 *
 * <p>The writer schema is fetched by the id in the record (once per id) and resolved into the
 * reader class's schema, so records written with an earlier or later compatible schema read as the
 * reader's class. The reader class is, in order: the one given to the constructor, {@link
 * AvroSerdeConfig#SPECIFIC_AVRO_VALUE_TYPE_CONFIG} / {@code KEY_TYPE}, or the generated class the
 * writer schema names. Classes in {@code org.countline.avro} and the configured class's package are
 * trusted by Avro's class loading guard without any system property.
 *
 * <p>{@code null} bytes give {@code null}. A wrong magic byte, a truncated payload or an unknown
 * schema id give a {@link org.apache.kafka.common.errors.SerializationException} naming the topic
 * and the reason.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord>
    extends AbstractAvroDeserializer<T> {

  /** For Kafka's reflective instantiation; call {@link #configure} before use. */
  public SpecificAvroDeserializer() {
    super(null, null);
  }

  /** Reads into {@code type}; call {@link #configure} before use. */
  public SpecificAvroDeserializer(Class<T> type) {
    super(null, type);
  }

  /**
   * Uses {@code client} (not closed by this deserializer); usable at once with default settings.
   */
  public SpecificAvroDeserializer(SchemaRegistryClient client) {
    super(client, null);
  }

  /** Uses {@code client} and reads into {@code type}; usable at once. */
  public SpecificAvroDeserializer(SchemaRegistryClient client, Class<T> type) {
    super(client, type);
  }

  @Override
  boolean readsSpecific(AvroSerdeConfig config) {
    return true;
  }
}
