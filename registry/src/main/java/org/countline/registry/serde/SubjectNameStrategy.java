package org.countline.registry.serde;

import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;

/**
 * How a serializer names the registry subject a schema is registered under, as Confluent's
 * strategies of the same names do.
 */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} / {@code <topic>-value}: one schema lineage per topic (the default). */
  TOPIC_NAME("TopicNameStrategy"),
  /** The record's full name: one lineage per record type, shared by every topic. */
  RECORD_NAME("RecordNameStrategy"),
  /** {@code <topic>-<record full name>}: several record types per topic, each evolving alone. */
  TOPIC_RECORD_NAME("TopicRecordNameStrategy");

  private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

  private final String confluentName;

  SubjectNameStrategy(String confluentName) {
    this.confluentName = confluentName;
  }

  /** Confluent's fully qualified class name for this strategy. */
  public String confluentClassName() {
    return CONFLUENT_PACKAGE + confluentName;
  }

  /** The subject for a record of {@code schema} written to {@code topic}. */
  public String subject(String topic, boolean isKey, Schema schema) {
    return switch (this) {
      case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
      case RECORD_NAME -> schema.getFullName();
      case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
    };
  }

  /** Whether the subject depends on the record's schema rather than only on the topic. */
  boolean dependsOnRecord() {
    return this != TOPIC_NAME;
  }

  /**
   * Accepts Confluent's class names ({@code
   * io.confluent.kafka.serializers.subject.TopicNameStrategy}), their short names ({@code
   * TopicNameStrategy}) and this enum's names ({@code TOPIC_NAME}).
   *
   * @throws ConfigException for anything else
   */
  public static SubjectNameStrategy parse(String property, String value) {
    String name = value == null ? "" : value.trim();
    if (name.startsWith(CONFLUENT_PACKAGE)) {
      name = name.substring(CONFLUENT_PACKAGE.length());
    }
    for (SubjectNameStrategy strategy : values()) {
      if (strategy.confluentName.equals(name)
          || strategy.name().equals(name.toUpperCase(Locale.ROOT))) {
        return strategy;
      }
    }
    throw new ConfigException(
        property,
        value,
        "Unknown subject name strategy; use TopicNameStrategy, RecordNameStrategy or"
            + " TopicRecordNameStrategy (optionally with the package "
            + CONFLUENT_PACKAGE
            + ")");
  }
}
