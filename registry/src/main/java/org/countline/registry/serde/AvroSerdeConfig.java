package org.countline.registry.serde;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.countline.registry.client.SchemaRegistryClient;
import org.countline.registry.client.SchemaRegistryClients;

/**
 * Configuration of Countline's Avro serdes, under Confluent's property names so the same properties
 * drive Confluent's {@code KafkaAvroSerializer} and these serdes.
 *
 * <p>Never logged whole: {@link #USER_INFO_CONFIG} holds a password.
 */
public final class AvroSerdeConfig extends AbstractConfig {

  /** Comma-separated registry base URLs, tried in order; or {@code mock://SCOPE} for tests. */
  public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";

  /** Whether the serializer registers a record's schema itself (default true). */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  /**
   * Whether the serializer writes with the id of the subject's latest version instead of
   * registering or looking up the record's own schema (default false).
   */
  public static final String USE_LATEST_VERSION = "use.latest.version";

  /** Whether a deserializer returns generated classes rather than GenericRecord (default false). */
  public static final String SPECIFIC_AVRO_READER_CONFIG = "specific.avro.reader";

  /** Where basic auth credentials come from: {@code URL} (the default) or {@code USER_INFO}. */
  public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";

  /** Basic auth credentials {@code user:password}, used when the source is {@code USER_INFO}. */
  public static final String USER_INFO_CONFIG = "basic.auth.user.info";

  /** Subject naming for record values: Confluent's strategy class names or short names. */
  public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";

  /** Subject naming for record keys. */
  public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";

  /**
   * The generated class a specific deserializer reads values into (Confluent's name). Optional:
   * without it the class is the one named by the writer schema. Its package becomes trusted by
   * Avro's class loading guard.
   */
  public static final String SPECIFIC_AVRO_VALUE_TYPE_CONFIG = "specific.avro.value.type";

  /** As {@link #SPECIFIC_AVRO_VALUE_TYPE_CONFIG}, for keys. */
  public static final String SPECIFIC_AVRO_KEY_TYPE_CONFIG = "specific.avro.key.type";

  private static final String SOURCE_URL = "URL";
  private static final String SOURCE_USER_INFO = "USER_INFO";

  private static final ConfigDef DEFINITION =
      new ConfigDef()
          .define(
              SCHEMA_REGISTRY_URL_CONFIG,
              Type.LIST,
              List.of(),
              Importance.HIGH,
              "Comma-separated schema registry URLs, or mock://SCOPE for an in-memory registry.")
          .define(
              AUTO_REGISTER_SCHEMAS,
              Type.BOOLEAN,
              true,
              Importance.MEDIUM,
              "Whether the serializer registers the record's schema.")
          .define(
              USE_LATEST_VERSION,
              Type.BOOLEAN,
              false,
              Importance.LOW,
              "Whether the serializer uses the subject's latest schema version.")
          .define(
              SPECIFIC_AVRO_READER_CONFIG,
              Type.BOOLEAN,
              false,
              Importance.LOW,
              "Whether the deserializer returns generated SpecificRecord classes.")
          .define(
              BASIC_AUTH_CREDENTIALS_SOURCE,
              Type.STRING,
              SOURCE_URL,
              ConfigDef.CaseInsensitiveValidString.in(SOURCE_URL, SOURCE_USER_INFO),
              Importance.MEDIUM,
              "Where basic auth credentials come from: URL or USER_INFO.")
          .define(
              USER_INFO_CONFIG,
              Type.PASSWORD,
              null,
              Importance.MEDIUM,
              "Basic auth credentials user:password, with source USER_INFO.")
          .define(
              KEY_SUBJECT_NAME_STRATEGY,
              Type.STRING,
              SubjectNameStrategy.TOPIC_NAME.confluentClassName(),
              Importance.LOW,
              "Subject name strategy for keys.")
          .define(
              VALUE_SUBJECT_NAME_STRATEGY,
              Type.STRING,
              SubjectNameStrategy.TOPIC_NAME.confluentClassName(),
              Importance.LOW,
              "Subject name strategy for values.")
          .define(
              SPECIFIC_AVRO_KEY_TYPE_CONFIG,
              Type.CLASS,
              null,
              Importance.LOW,
              "Generated class keys are read into.")
          .define(
              SPECIFIC_AVRO_VALUE_TYPE_CONFIG,
              Type.CLASS,
              null,
              Importance.LOW,
              "Generated class values are read into.");

  public AvroSerdeConfig(Map<?, ?> properties) {
    super(DEFINITION, properties, false);
    subjectNameStrategy(true);
    subjectNameStrategy(false);
  }

  /** The configuration when nothing is set: every default. */
  public static AvroSerdeConfig defaults() {
    return new AvroSerdeConfig(Map.of());
  }

  public List<String> urls() {
    return getList(SCHEMA_REGISTRY_URL_CONFIG);
  }

  public boolean autoRegisterSchemas() {
    return getBoolean(AUTO_REGISTER_SCHEMAS);
  }

  public boolean useLatestVersion() {
    return getBoolean(USE_LATEST_VERSION);
  }

  public boolean specificAvroReader() {
    return getBoolean(SPECIFIC_AVRO_READER_CONFIG);
  }

  public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
    String property = isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY;
    return SubjectNameStrategy.parse(property, getString(property));
  }

  /** The configured reader class for keys or values, or {@code null}. */
  public Class<?> specificType(boolean isKey) {
    return getClass(isKey ? SPECIFIC_AVRO_KEY_TYPE_CONFIG : SPECIFIC_AVRO_VALUE_TYPE_CONFIG);
  }

  /**
   * The basic auth credentials to send when they are configured apart from the URL, else {@code
   * null} (credentials in the URL itself are then used, if any).
   */
  public String userInfo() {
    if (!SOURCE_USER_INFO.equals(
        getString(BASIC_AUTH_CREDENTIALS_SOURCE).toUpperCase(Locale.ROOT))) {
      return null;
    }
    Password userInfo = getPassword(USER_INFO_CONFIG);
    if (userInfo == null || userInfo.value().isBlank()) {
      throw new ConfigException(
          USER_INFO_CONFIG
              + " must be set to user:password when "
              + BASIC_AUTH_CREDENTIALS_SOURCE
              + " is "
              + SOURCE_USER_INFO);
    }
    return userInfo.value();
  }

  /**
   * A client for the configured registry: the shared in-memory one for {@code mock://SCOPE}.
   *
   * @throws ConfigException when no URL is configured
   */
  public SchemaRegistryClient createClient() {
    if (urls().isEmpty()) {
      throw new ConfigException(
          "Missing required configuration \""
              + SCHEMA_REGISTRY_URL_CONFIG
              + "\" which has no default value.");
    }
    return SchemaRegistryClients.create(urls(), userInfo());
  }
}
