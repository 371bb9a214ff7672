package org.countline.registry.testing;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka cluster (combined broker and controller) for broker tests, from
 * Kafka's own test kit. Obtain it through {@link EmbeddedKafkaExtension}: one cluster is started
 * for the whole test run and closed once at its end.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final KafkaClusterTestKit cluster;

  EmbeddedKafka() throws Exception {
    cluster =
        new KafkaClusterTestKit.Builder(
                new TestKitNodes.Builder()
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setCombined(true)
                    .build())
            // Internal topics default to 3 replicas, which one broker cannot host: consumer groups
            // and transactions would wait for ever.
            .setConfigProp("offsets.topic.replication.factor", "1")
            .setConfigProp("offsets.topic.num.partitions", "3")
            .setConfigProp("transaction.state.log.replication.factor", "1")
            .setConfigProp("transaction.state.log.min.isr", "1")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            .build();
    // From here on the cluster must be closed even if start-up fails, and closed once only.
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    LOG.info("Embedded Kafka ready at {}", cluster.bootstrapServers());
  }

  /**
   * A cluster of its own, for a test that must not share the extension's (one that asserts what
   * a whole topic holds, say); the caller closes it.
   */
  public static EmbeddedKafka start() throws Exception {
    return new EmbeddedKafka();
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while stopping the embedded Kafka cluster", e);
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop the embedded Kafka cluster", e);
    }
  }
}
