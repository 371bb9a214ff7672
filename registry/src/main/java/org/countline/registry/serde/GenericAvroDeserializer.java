package org.countline.registry.serde;

import org.apache.avro.generic.GenericRecord;
import org.countline.registry.client.SchemaRegistryClient;

/**
 * Reads the Confluent wire format into {@link GenericRecord}s with the writer's schema, fetched by
 * the id in the record (once per id). Errors as in {@link SpecificAvroDeserializer}.
 */
public class GenericAvroDeserializer extends AbstractAvroDeserializer<GenericRecord> {

  /** For Kafka's reflective instantiation; call {@link #configure} before use. */
  public GenericAvroDeserializer() {
    super(null, null);
  }

  /**
   * Uses {@code client} (not closed by this deserializer); usable at once with default settings.
   */
  public GenericAvroDeserializer(SchemaRegistryClient client) {
    super(client, null);
  }

  @Override
  boolean readsSpecific(AvroSerdeConfig config) {
    return false;
  }
}
