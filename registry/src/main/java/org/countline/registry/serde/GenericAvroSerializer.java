package org.countline.registry.serde;

import org.apache.avro.generic.GenericRecord;
import org.countline.registry.client.SchemaRegistryClient;

/**
 * Writes Avro {@link GenericRecord}s in the Confluent wire format, registering (or looking up) each
 * record's schema once per topic and schema. See {@link SpecificAvroSerializer}.
 */
public class GenericAvroSerializer extends AbstractAvroSerializer<GenericRecord> {

  /** For Kafka's reflective instantiation; call {@link #configure} before use. */
  public GenericAvroSerializer() {
    super(null);
  }

  /** Uses {@code client} (not closed by this serializer); usable at once with default settings. */
  public GenericAvroSerializer(SchemaRegistryClient client) {
    super(client);
  }
}
