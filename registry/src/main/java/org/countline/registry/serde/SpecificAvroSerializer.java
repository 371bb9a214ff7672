package org.countline.registry.serde;

import org.apache.avro.specific.SpecificRecord;
import org.countline.registry.client.SchemaRegistryClient;

/**
 * Writes generated Avro classes in the Confluent wire format, registering (or looking up) the
 * record's schema in the schema registry once per topic and schema.
 *
 * <p>Configure with {@link AvroSerdeConfig} properties; a {@code null} record gives {@code null}
 * bytes (a tombstone). Failures are {@link org.apache.kafka.common.errors.SerializationException}s
 * naming the topic.
 */
public class SpecificAvroSerializer<T extends SpecificRecord> extends AbstractAvroSerializer<T> {

  /** For Kafka's reflective instantiation; call {@link #configure} before use. */
  public SpecificAvroSerializer() {
    super(null);
  }

  /** Uses {@code client} (not closed by this serializer); usable at once with default settings. */
  public SpecificAvroSerializer(SchemaRegistryClient client) {
    super(client);
  }
}
