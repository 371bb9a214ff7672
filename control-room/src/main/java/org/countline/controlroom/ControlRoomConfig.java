package org.countline.controlroom;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link ControlRoomServer}.
 *
 * @param host the interface to listen on ({@value #DEFAULT_HOST} for all, so that a wall screen on
 *     another machine can connect)
 * @param port the HTTP port; 0 picks a free one ({@link ControlRoomServer#port()} tells which)
 * @param bootstrapServers the Kafka cluster holding the totals topics
 * @param registryConfig the serde settings naming the schema registry ({@code schema.registry.url}
 *     and, where needed, its credentials), as for {@code TotalsSerdes.fromRegistry}
 * @param kafkaProperties extra Kafka consumer properties (security settings, say); Countline's own
 *     settings that the view depends on (isolation level, no group) are not overridable
 * @param heartbeat how often an idle Server-Sent Events stream gets a comment line, so that proxies
 *     keep it open and a dead client is noticed
 */
public record ControlRoomConfig(
    String host,
    int port,
    String bootstrapServers,
    Map<String, ?> registryConfig,
    Map<String, Object> kafkaProperties,
    Duration heartbeat) {

  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

  public ControlRoomConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(heartbeat, "heartbeat");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, not " + port);
    }
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank");
    }
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat must be positive, not " + heartbeat);
    }
    registryConfig = Map.copyOf(registryConfig);
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  /** Every default (port {@value #DEFAULT_PORT}, all interfaces, a heartbeat every 15 s). */
  public static ControlRoomConfig of(String bootstrapServers, Map<String, ?> registryConfig) {
    return new ControlRoomConfig(DEFAULT_HOST, DEFAULT_PORT, bootstrapServers, registryConfig, Map.of(), DEFAULT_HEARTBEAT);
  }

  public ControlRoomConfig withPort(int newPort) {
    return new ControlRoomConfig(host, newPort, bootstrapServers, registryConfig, kafkaProperties, heartbeat);
  }

  public ControlRoomConfig withHost(String newHost) {
    return new ControlRoomConfig(newHost, port, bootstrapServers, registryConfig, kafkaProperties, heartbeat);
  }

  public ControlRoomConfig withHeartbeat(Duration newHeartbeat) {
    return new ControlRoomConfig(host, port, bootstrapServers, registryConfig, kafkaProperties, newHeartbeat);
  }

  public ControlRoomConfig withKafkaProperties(Map<String, Object> newKafkaProperties) {
    return new ControlRoomConfig(host, port, bootstrapServers, registryConfig, newKafkaProperties, heartbeat);
  }

  /** Names the settings but not their values: registry and Kafka settings may hold credentials. */
  @Override
  public String toString() {
    return "ControlRoomConfig[host=" + host + ", port=" + port + ", bootstrapServers=" + bootstrapServers
        + ", registryConfig=" + registryConfig.keySet() + ", kafkaProperties=" + kafkaProperties.keySet()
        + ", heartbeat=" + heartbeat + "]";
  }
}
