package org.countline.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How a {@link GatewayServer} runs.
 *
 * @param host the address to listen on ({@code 0.0.0.0}: every interface)
 * @param port the port; 0 picks a free one ({@link GatewayServer#port()} says which)
 * @param bootstrapServers the Kafka cluster
 * @param registryConfig serde settings pointing at the schema registry ({@code schema.registry.url})
 * @param ackTimeout how long a request waits for Kafka's acknowledgement before answering 503
 * @param startupWait how long {@link GatewayServer#start()} waits to have read tokens, forces and
 *     operations; requests that need them answer 503 until then
 * @param maxBodyBytes the largest request body; larger ones answer 413
 * @param maxBatchSize the most events in one {@code POST /v1/events/batch}
 * @param clock the time for {@code reportedAt} when a body gives none, and for withdrawals
 * @param producerOverrides producer settings that win over the gateway's own
 * @param kafkaProperties settings for every Kafka client of the gateway (security, say)
 */
public record GatewayConfig(
    String host,
    int port,
    String bootstrapServers,
    Map<String, Object> registryConfig,
    Duration ackTimeout,
    Duration startupWait,
    long maxBodyBytes,
    int maxBatchSize,
    Clock clock,
    Properties producerOverrides,
    Map<String, Object> kafkaProperties) {

  public static final int DEFAULT_PORT = 8082;
  public static final long ONE_MIB = 1024 * 1024;

  public GatewayConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    registryConfig = Map.copyOf(registryConfig);
    Objects.requireNonNull(ackTimeout, "ackTimeout");
    Objects.requireNonNull(startupWait, "startupWait");
    Objects.requireNonNull(clock, "clock");
    Properties copy = new Properties();
    copy.putAll(producerOverrides);
    producerOverrides = copy;
    kafkaProperties = Map.copyOf(kafkaProperties);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    if (ackTimeout.toMillis() < 100) {
      throw new IllegalArgumentException("ackTimeout must be at least 100 ms");
    }
  }

  public static Builder builder(String bootstrapServers, Map<String, ?> registryConfig) {
    return new Builder(bootstrapServers, registryConfig);
  }

  /** Defaults: port 8082 on every interface, 10 s for Kafka's acknowledgement, 1 MiB bodies, batches of 1,000. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private final String bootstrapServers;
    private final Map<String, Object> registryConfig;
    private Duration ackTimeout = Duration.ofSeconds(10);
    private Duration startupWait = Duration.ofSeconds(30);
    private long maxBodyBytes = ONE_MIB;
    private int maxBatchSize = 1_000;
    private Clock clock = Clock.systemUTC();
    private final Properties producerOverrides = new Properties();
    private final Map<String, Object> kafkaProperties = new java.util.HashMap<>();

    private Builder(String bootstrapServers, Map<String, ?> registryConfig) {
      this.bootstrapServers = bootstrapServers;
      this.registryConfig = Map.copyOf(registryConfig);
    }

    public Builder host(String value) {
      this.host = value;
      return this;
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder ackTimeout(Duration value) {
      this.ackTimeout = value;
      return this;
    }

    public Builder startupWait(Duration value) {
      this.startupWait = value;
      return this;
    }

    public Builder maxBodyBytes(long value) {
      this.maxBodyBytes = value;
      return this;
    }

    public Builder maxBatchSize(int value) {
      this.maxBatchSize = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** A setting for every Kafka client of the gateway: producer, consumers and admin. */
    public Builder kafkaProperty(String key, Object value) {
      this.kafkaProperties.put(key, value);
      return this;
    }

    public Builder producerOverride(String key, Object value) {
      this.producerOverrides.put(key, value);
      return this;
    }

    public GatewayConfig build() {
      return new GatewayConfig(host, port, bootstrapServers, registryConfig, ackTimeout, startupWait, maxBodyBytes,
          maxBatchSize, clock, producerOverrides, kafkaProperties);
    }
  }
}
