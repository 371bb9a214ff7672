package org.countline.registry.serde;

import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.countline.registry.client.SchemaRegistryClient;

/**
 * A Kafka {@link Serde} for generated Avro classes: {@link SpecificAvroSerializer} and {@link
 * SpecificAvroDeserializer} sharing one registry client (and so one cache of schemas and ids).
 *
 * <pre>{@code
 * SpecificAvroSerde<FieldEvent> serde = new SpecificAvroSerde<>();
 * serde.configure(
 *     Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://localhost:8081"), false);
 * }</pre>
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

  private final SchemaRegistryClient providedClient;
  private final Class<T> type;
  private SchemaRegistryClient ownedClient;
  private SpecificAvroSerializer<T> serializer;
  private SpecificAvroDeserializer<T> deserializer;

  /** For Kafka's reflective instantiation; call {@link #configure} before use. */
  public SpecificAvroSerde() {
    this(null, null);
  }

  /**
   * Reads into {@code type} whatever the configuration says; call {@link #configure} before use.
   */
  public SpecificAvroSerde(Class<T> type) {
    this(null, type);
  }

  /** Uses {@code client} (not closed by this serde); usable at once with default settings. */
  public SpecificAvroSerde(SchemaRegistryClient client) {
    this(client, null);
  }

  /**
   * @param client the registry client to use (not closed by this serde), or {@code null} to make
   *     one from the configuration
   * @param type the class to read into, or {@code null} for the configured or writer-named class
   */
  public SpecificAvroSerde(SchemaRegistryClient client, Class<T> type) {
    this.providedClient = client;
    this.type = type;
    if (client != null) {
      build(client);
    } else {
      serializer = new SpecificAvroSerializer<>();
      deserializer =
          type == null ? new SpecificAvroDeserializer<>() : new SpecificAvroDeserializer<>(type);
    }
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    SchemaRegistryClient client = providedClient;
    if (client == null) {
      closeOwnedClient();
      ownedClient = new AvroSerdeConfig(configs).createClient();
      client = ownedClient;
    }
    build(client);
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  private void build(SchemaRegistryClient client) {
    serializer = new SpecificAvroSerializer<>(client);
    deserializer =
        type == null
            ? new SpecificAvroDeserializer<>(client)
            : new SpecificAvroDeserializer<>(client, type);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
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
