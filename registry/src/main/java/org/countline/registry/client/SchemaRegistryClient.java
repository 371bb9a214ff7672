package org.countline.registry.client;

import java.util.Collection;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The operations of the Confluent Schema Registry REST API that Countline uses.
 *
 * <p>Implementations: {@link HttpSchemaRegistryClient} (any Confluent-compatible registry over
 * HTTP, including Countline's own {@code RegistryServer}) and {@link MockSchemaRegistry} (in
 * memory, for unit tests, picked by a {@code mock://SCOPE} URL). {@link SchemaRegistryClients}
 * builds the right one from serde configuration.
 *
 * <p>Every method throws {@link SchemaRegistryException} when the registry refuses the request or
 * cannot be reached. Implementations are thread-safe.
 */
public interface SchemaRegistryClient extends AutoCloseable {

  /**
   * Registers a schema under a subject ({@code POST /subjects/{s}/versions}); registering a schema
   * the subject already holds returns its existing id.
   *
   * @return the registry-wide schema id
   * @throws SchemaRegistryException 409 when the subject's compatibility level refuses it, 422 /
   *     42201 when the registry cannot parse it
   */
  int register(String subject, Schema schema);

  /**
   * Finds the version of a subject that holds this schema, without registering it ({@code POST
   * /subjects/{s}}).
   *
   * @throws SchemaRegistryException 40401 when the subject does not exist, 40403 when it does not
   *     hold the schema
   */
  SchemaMetadata lookup(String subject, Schema schema);

  /** The id of a schema already registered under a subject; see {@link #lookup}. */
  default int getId(String subject, Schema schema) {
    return lookup(subject, schema).id();
  }

  /**
   * The schema with this id ({@code GET /schemas/ids/{id}}).
   *
   * @throws SchemaRegistryException 40403 when no schema has this id
   */
  Schema getSchemaById(int id);

  /**
   * The newest version of a subject ({@code GET /subjects/{s}/versions/latest}).
   *
   * @throws SchemaRegistryException 40401 when the subject does not exist
   */
  SchemaMetadata getLatestSchemaMetadata(String subject);

  /**
   * One version of a subject ({@code GET /subjects/{s}/versions/{v}}).
   *
   * @throws SchemaRegistryException 40401 for an unknown subject, 40402 for an unknown version
   */
  SchemaMetadata getSchemaMetadata(String subject, int version);

  /** The versions of a subject, ascending ({@code GET /subjects/{s}/versions}). */
  List<Integer> getAllVersions(String subject);

  /** Every subject ({@code GET /subjects}). */
  Collection<String> getAllSubjects();

  /**
   * Whether the schema is compatible with the subject's latest version, in the direction(s) of the
   * subject's compatibility level ({@code POST /compatibility/subjects/{s}/versions/latest}). A
   * subject with no versions accepts anything.
   */
  boolean testCompatibility(String subject, Schema schema);

  /**
   * The compatibility level in force ({@code GET /config} or {@code GET /config/{s}}): the
   * subject's own level, else the registry's.
   *
   * @param subject a subject, or {@code null} for the registry-wide level
   */
  CompatibilityLevel getCompatibility(String subject);

  /**
   * Sets the compatibility level ({@code PUT /config} or {@code PUT /config/{s}}).
   *
   * @param subject a subject, or {@code null} for the registry-wide level
   * @return the level now in force
   */
  CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level);

  /** Releases resources; the caches go with the client. Never throws. */
  @Override
  void close();
}
