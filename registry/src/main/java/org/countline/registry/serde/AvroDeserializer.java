package org.countline.registry.serde;

import org.countline.registry.client.SchemaRegistryClient;

/**
 * Reads the Confluent wire format into generated classes when {@link
 * AvroSerdeConfig#SPECIFIC_AVRO_READER_CONFIG} is true, else into GenericRecords: the counterpart
 * of Confluent's {@code KafkaAvroDeserializer}, for callers that configure the choice rather than
 * pick a class. Errors as in {@link SpecificAvroDeserializer}.
 */
public class AvroDeserializer extends AbstractAvroDeserializer<Object> {

  /** For Kafka's reflective instantiation; call {@link #configure} before use. */
  public AvroDeserializer() {
    super(null, null);
  }

  /** Uses {@code client} (not closed by this deserializer); generic until configured otherwise. */
  public AvroDeserializer(SchemaRegistryClient client) {
    super(client, null);
  }

  @Override
  boolean readsSpecific(AvroSerdeConfig config) {
    return config.specificAvroReader();
  }
}
