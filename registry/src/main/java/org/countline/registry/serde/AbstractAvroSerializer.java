package org.countline.registry.serde;

import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.countline.registry.client.SchemaRegistryClient;

/**
 * Shared lifecycle of the two Avro serializers: configuration, the registry client (made from
 * configuration, or handed in and then not closed here), and the {@link AvroSerializerCore}.
 */
abstract class AbstractAvroSerializer<T extends IndexedRecord> implements Serializer<T> {

  private final SchemaRegistryClient providedClient;
  private SchemaRegistryClient ownedClient;
  private volatile AvroSerializerCore core;

  AbstractAvroSerializer(SchemaRegistryClient client) {
    this.providedClient = client;
    if (client != null) {
      core = new AvroSerializerCore(client, AvroSerdeConfig.defaults(), false);
    }
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = new AvroSerdeConfig(configs);
    SchemaRegistryClient client = providedClient;
    if (client == null) {
      closeOwnedClient();
      ownedClient = config.createClient();
      client = ownedClient;
    }
    core = new AvroSerializerCore(client, config, isKey);
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    AvroSerializerCore configured = core;
    if (configured == null) {
      throw new IllegalStateException(
          getClass().getSimpleName()
              + " is not configured: call configure() with "
              + AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG);
    }
    return configured.serialize(topic, record, record.getSchema());
  }

  @Override
  public void close() {
    closeOwnedClient();
  }

  private void closeOwnedClient() {
    if (ownedClient != null) {
      ownedClient.close();
      ownedClient = null;
    }
  }
}
