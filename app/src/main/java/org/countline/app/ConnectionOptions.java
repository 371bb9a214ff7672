package org.countline.app;

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
  public static ConnectionOptions of(String bootstrapServers, String schemaRegistryUrl) {
    ConnectionOptions options = new ConnectionOptions();
    options.bootstrapServers = bootstrapServers;
    options.schemaRegistryUrl = schemaRegistryUrl;
    return options;
  }

  public String bootstrapServers() {
    return bootstrapServers;
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
    Map<String, Object> config = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.CLIENT_ID_CONFIG, "countline-connection-check");
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
