package org.countline.gateway;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Whether Kafka answers, asked at most every two seconds however often {@code /health} is called. */
final class KafkaHealth implements AutoCloseable {
  private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final String bootstrapServers;
  private final Map<String, Object> kafkaProperties;
  private Admin admin;
  private long checkedAt;
  private boolean reachable;
  private boolean checked;

  KafkaHealth(String bootstrapServers, Map<String, Object> kafkaProperties) {
    this.bootstrapServers = bootstrapServers;
    this.kafkaProperties = kafkaProperties;
  }

  synchronized boolean reachable() {
    if (checked && System.nanoTime() - checkedAt < CACHE_NANOS) {
      return reachable;
    }
    if (admin == null) {
      Map<String, Object> config = new java.util.HashMap<>(kafkaProperties);
      config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
      config.put(AdminClientConfig.CLIENT_ID_CONFIG, "countline-gateway-health");
      admin = Admin.create(config);
    }
    try {
      admin.describeCluster(new DescribeClusterOptions().timeoutMs(1_500)).clusterId().get(2, TimeUnit.SECONDS);
      reachable = true;
    } catch (ExecutionException | TimeoutException e) {
      reachable = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reachable = false;
    }
    checked = true;
    checkedAt = System.nanoTime();
    return reachable;
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(java.time.Duration.ofSeconds(2));
      admin = null;
    }
  }
}
