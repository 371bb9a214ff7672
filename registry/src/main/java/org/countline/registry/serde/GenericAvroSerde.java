package org.countline.registry.serde;

import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.countline.registry.client.SchemaRegistryClient;

/**
 * A Kafka {@link Serde} for Avro {@link GenericRecord}s: {@link GenericAvroSerializer} and {@link
 * GenericAvroDeserializer} sharing one registry client.
 */
public class GenericAvroSerde implements Serde<GenericRecord> {

  private final SchemaRegistryClient providedClient;
  private SchemaRegistryClient ownedClient;
  private GenericAvroSerializer serializer;
  private GenericAvroDeserializer deserializer;

  /** For Kafka's reflective instantiation; call {@link #configure} before use. */
  public GenericAvroSerde() {
    this(null);
  }

  /** Uses {@code client} (not closed by this serde); usable at once with default settings. */
  public GenericAvroSerde(SchemaRegistryClient client) {
    this.providedClient = client;
    serializer = new GenericAvroSerializer(client);
    deserializer = new GenericAvroDeserializer(client);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    SchemaRegistryClient client = providedClient;
    if (client == null) {
      closeOwnedClient();
      ownedClient = new AvroSerdeConfig(configs).createClient();
      client = ownedClient;
    }
    serializer = new GenericAvroSerializer(client);
    deserializer = new GenericAvroDeserializer(client);
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<GenericRecord> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<GenericRecord> deserializer() {
    return deserializer;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
    closeOwnedClient();
  }

  private void closeOwnedClient() {
    if (ownedClient != null) {
      ownedClient.close();
      ownedClient = null;
    }
  }
}
