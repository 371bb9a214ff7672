package org.countline.registry.serde;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.countline.registry.client.SchemaRegistryClient;

/**
 * Shared lifecycle of the two Avro deserializers: configuration, the registry client (made from
 * configuration, or handed in and then not closed here), and the {@link AvroDeserializerCore}.
 */
abstract class AbstractAvroDeserializer<T> implements Deserializer<T> {

  private final SchemaRegistryClient providedClient;
  private final Class<?> fixedReaderClass;
  private SchemaRegistryClient ownedClient;
  private volatile AvroDeserializerCore core;

  /**
   * @param fixedReaderClass the generated class to read into whatever the configuration says, or
   *     {@code null}
   */
  AbstractAvroDeserializer(SchemaRegistryClient client, Class<?> fixedReaderClass) {
    this.providedClient = client;
    this.fixedReaderClass = fixedReaderClass;
    if (client != null) {
      core = createCore(client, AvroSerdeConfig.defaults(), false);
    }
  }

  /** Whether this deserializer returns generated classes, given its configuration. */
  abstract boolean readsSpecific(AvroSerdeConfig config);

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    AvroSerdeConfig config = new AvroSerdeConfig(configs);
    SchemaRegistryClient client = providedClient;
    if (client == null) {
      closeOwnedClient();
      ownedClient = config.createClient();
      client = ownedClient;
    }
    core = createCore(client, config, isKey);
  }

  private AvroDeserializerCore createCore(
      SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
    boolean specific = readsSpecific(config);
    Class<?> readerClass = null;
    if (specific) {
      readerClass = fixedReaderClass != null ? fixedReaderClass : config.specificType(isKey);
    }
    return new AvroDeserializerCore(client, specific, readerClass);
  }

  @Override
  @SuppressWarnings("unchecked") // The reader class, or the writer's generated class, is T.
  public T deserialize(String topic, byte[] data) {
    AvroDeserializerCore configured = core;
    if (configured == null) {
      throw new IllegalStateException(
          getClass().getSimpleName()
              + " is not configured: call configure() with "
              + AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG);
    }
    return (T) configured.deserialize(topic, data);
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
