package org.countline.app;

import java.util.Map;
import org.countline.registry.serde.AvroSerdeConfig;

/** The serde settings that point at the schema registry of a command's connection. */
final class Registries {
  private Registries() {}

  static Map<String, Object> config(ConnectionOptions connection) {
    return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, connection.schemaRegistryUrl());
  }
}
