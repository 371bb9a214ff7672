package org.countline.registry.server;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link RegistryServer}.
 *
 * @param host the interface to listen on ({@code 0.0.0.0} for all)
 * @param port the HTTP port; 0 picks a free one ({@link RegistryServer#port()} tells which)
 * @param bootstrapServers the Kafka cluster holding the schemas topic
 * @param topic the compacted topic schemas are kept in, {@value #DEFAULT_TOPIC} by default
 * @param users basic auth users (name to password); empty for no authentication
 * @param kafkaProperties extra Kafka client properties (security settings, say) for the admin
 *     client, producer and consumer
 * @param timeout how long a request may wait on Kafka, and how long start-up may take to load the
 *     topic
 */
public record RegistryServerConfig(
    String host,
    int port,
    String bootstrapServers,
    String topic,
    Map<String, String> users,
    Map<String, Object> kafkaProperties,
    Duration timeout) {

  public static final String DEFAULT_TOPIC = "_schemas";
  public static final int DEFAULT_PORT = 8081;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public RegistryServerConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(timeout, "timeout");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, not " + port);
    }
    if (bootstrapServers.isBlank() || topic.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers and topic must not be blank");
    }
    users = Map.copyOf(users);
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  /** Settings with every default, for the Kafka cluster at {@code bootstrapServers}. */
  public static Builder builder(String bootstrapServers) {
    return new Builder(bootstrapServers);
  }

  /** Users are left out: they carry passwords. */
  @Override
  public String toString() {
    return "RegistryServerConfig[host="
        + host
        + ", port="
        + port
        + ", bootstrapServers="
        + bootstrapServers
        + ", topic="
        + topic
        + ", users="
        + users.size()
        + ", timeout="
        + timeout
        + "]";
  }

  /** Builds a {@link RegistryServerConfig}. */
  public static final class Builder {
    private final String bootstrapServers;
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private String topic = DEFAULT_TOPIC;
    private final Map<String, String> users = new LinkedHashMap<>();
    private final Map<String, Object> kafkaProperties = new LinkedHashMap<>();
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder(String bootstrapServers) {
      this.bootstrapServers = bootstrapServers;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    /** Requires HTTP basic auth, and lets this user in. */
    public Builder user(String name, String password) {
      users.put(name, password);
      return this;
    }

    public Builder kafkaProperty(String name, Object value) {
      kafkaProperties.put(name, value);
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public RegistryServerConfig build() {
      return new RegistryServerConfig(
          host, port, bootstrapServers, topic, users, kafkaProperties, timeout);
    }
  }
}
