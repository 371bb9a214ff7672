package org.countline.registry.client;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject: what {@code GET /subjects/{s}/versions/latest} and {@code POST
 * /subjects/{s}} answer.
 *
 * @param subject the subject the schema is registered under
 * @param version the version within the subject, from 1
 * @param id the registry-wide schema id carried in the wire format
 * @param schema the parsed schema
 */
public record SchemaMetadata(String subject, int version, int id, Schema schema) {
  public SchemaMetadata {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(schema, "schema");
  }
}
