package org.countline.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Properties;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Option;

/**
 * Where Kafka and the schema registry are: the options every command that talks to them mixes in
 * ({@code @Mixin ConnectionOptions connection;}). Without them, a command uses the demo's
 * defaults, or the environment's {@code COUNTLINE_BOOTSTRAP_SERVERS} and
 * {@code COUNTLINE_SCHEMA_REGISTRY_URL} when set.
 */
public final class ConnectionOptions {
  public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
  public static final String DEFAULT_SCHEMA_REGISTRY_URL = "http://localhost:8081";

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "${env:COUNTLINE_BOOTSTRAP_SERVERS:-" + DEFAULT_BOOTSTRAP_SERVERS + "}",
      description = "Kafka brokers to connect to (env COUNTLINE_BOOTSTRAP_SERVERS). Default: ${DEFAULT-VALUE}")
  private String bootstrapServers;

  @Option(
      names = "--schema-registry-url",
      paramLabel = "URL[,...]",
      defaultValue = "${env:COUNTLINE_SCHEMA_REGISTRY_URL:-" + DEFAULT_SCHEMA_REGISTRY_URL + "}",
      description = "Schema registry (Confluent-compatible) to use (env COUNTLINE_SCHEMA_REGISTRY_URL). Default: ${DEFAULT-VALUE}")
  private String schemaRegistryUrl;

  /** Connection settings not parsed from a command line: the demo's own broker and registry. */
  @Option(
      names = "--kafka-config",
      paramLabel = "FILE",
      defaultValue = "${env:COUNTLINE_KAFKA_CONFIG}",
      description = "Java properties for every Kafka client (e.g. security.protocol, sasl.mechanism, sasl.jaas.config; env COUNTLINE_KAFKA_CONFIG).")
  private Path kafkaConfig;

  private Map<String, Object> kafkaProperties;

  public static ConnectionOptions of(String bootstrapServers, String schemaRegistryUrl) {
    ConnectionOptions options = new ConnectionOptions();
    options.bootstrapServers = bootstrapServers;
    options.schemaRegistryUrl = schemaRegistryUrl;
    return options;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * The settings of {@code --kafka-config} (empty without it), for every Kafka client a command
   * makes. Read once; the values are never printed, since they hold credentials.
   */
  public synchronized Map<String, Object> kafkaProperties() {
    if (kafkaProperties == null) {
      Map<String, Object> loaded = new HashMap<>();
      if (kafkaConfig != null) {
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(kafkaConfig, StandardCharsets.UTF_8)) {
          file.load(in);
        } catch (NoSuchFileException e) {
          throw new UserFacingException("--kafka-config: " + kafkaConfig + " does not exist");
        } catch (IOException e) {
          throw new UserFacingException("--kafka-config: cannot read " + kafkaConfig + ": " + e.getMessage());
        }
        file.stringPropertyNames().forEach(name -> loaded.put(name, file.getProperty(name)));
      }
      kafkaProperties = Map.copyOf(loaded);
    }
    return kafkaProperties;
  }

  /** {@link #kafkaProperties()} with the bootstrap servers: an admin's or producer's settings. */
  public Map<String, Object> clientConfig() {
    Map<String, Object> config = new HashMap<>(kafkaProperties());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }

  /** The same as {@link #kafkaProperties()}, as Properties (for producer and streams overrides). */
  public Properties kafkaOverrides() {
    Properties p = new Properties();
    p.putAll(kafkaProperties());
    return p;
  }

  public String schemaRegistryUrl() {
    return schemaRegistryUrl;
  }

  /**
   * Returns once Kafka at {@link #bootstrapServers()} answers, so a command can say clearly that
   * it is out of reach instead of retrying silently.
   *
   * @throws UserFacingException when it does not answer within {@code timeout}
   */
  public void requireKafka(Duration timeout) {
    Map<String, Object> config = clientConfig();
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, "countline-connection-check");
    int timeoutMs = (int) timeout.toMillis();
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
          .clusterId()
          .get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS);
    } catch (KafkaException e) {
      throw new UserFacingException("Cannot use --bootstrap-servers " + bootstrapServers + ": " + Errors.oneLine(e), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new UserFacingException(
          "Cannot reach Kafka at " + bootstrapServers + " within " + timeout.toSeconds()
              + " s (is it running? `./countline broker` starts one)",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserFacingException("Interrupted while connecting to Kafka at " + bootstrapServers, e);
    }
  }
}
