package org.countline.reliability;

import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.core.ReferenceData;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.ReferencePublisher;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import org.countline.streams.TopicSetup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The world a fault-injection test breaks: in-process KRaft brokers from Kafka's own test kit, the
 * schema registry, the contract's topics and the forces. With three brokers it is the deployment of
 * {@code docker-compose.yml} (12 partitions, replication 3, min.insync.replicas 2, Kafka's own
 * topics as durable); with one it is the smallest real cluster. Each test class owns one, so no
 * other test's streams application writes to its totals topics. Closed once.
 */
final class FaultCluster implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FaultCluster.class);

  static final int PARTITIONS = 12;

  private final KafkaClusterTestKit kit;
  private final int brokers;
  private RegistryServer registry;
  private Map<String, Object> serdeConfig;

  private FaultCluster(KafkaClusterTestKit kit, int brokers) {
    this.kit = kit;
    this.brokers = brokers;
  }

  /** Starts {@code brokers} brokers (1 or 3), the registry on a free port, the topics and the forces. */
  static FaultCluster start(int brokers) throws Exception {
    String replication = String.valueOf(Math.min(3, brokers));
    String minInsync = brokers >= 3 ? "2" : "1";
    KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(
        new TestKitNodes.Builder()
            .setNumBrokerNodes(brokers)
            // One controller, combined with broker 0: the quorum's size changes nothing the
            // clients see, and broker 0 is never the one a test stops.
            .setNumControllerNodes(1)
            .setCombined(true)
            .build())
        .setConfigProp("default.replication.factor", replication)
        .setConfigProp("min.insync.replicas", minInsync)
        .setConfigProp("offsets.topic.replication.factor", replication)
        .setConfigProp("transaction.state.log.replication.factor", replication)
        .setConfigProp("transaction.state.log.min.isr", minInsync)
        .setConfigProp("auto.create.topics.enable", "false")
        .setConfigProp("offsets.topic.num.partitions", "6")
        .setConfigProp("transaction.state.log.num.partitions", "6")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        // A killed instance leaves a transaction open; the broker aborts it once it times out.
        // Checking every 2 s instead of 10 s only makes the wait for that shorter.
        .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "2000")
        .build();
    // From here on the cluster is closed exactly once: here if start-up fails, else in close().
    try {
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
    } catch (Exception e) {
      kit.close();
      throw e;
    }
    FaultCluster cluster = new FaultCluster(kit, brokers);
    try {
      cluster.startRegistry(0);
      try (Admin admin = cluster.admin()) {
        TopicSetup.ensure(admin, TopicSetup.topics(PARTITIONS, Short.parseShort(replication), Integer.parseInt(minInsync)));
      }
      try (ReferencePublisher publisher = cluster.referencePublisher()) {
        publisher.publishForces(ReferenceData.defaults());
      }
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  String bootstrap() {
    return kit.bootstrapServers();
  }

  int brokers() {
    return brokers;
  }

  short replication() {
    return (short) Math.min(3, brokers);
  }

  /** {@code schema.registry.url} of the registry running now. */
  Map<String, Object> serdeConfig() {
    return serdeConfig;
  }

  RegistryServer registry() {
    return registry;
  }

  /** Starts a registry on {@code port} (0: a free one); its schemas come from {@code _schemas}, so ids are kept. */
  RegistryServer startRegistry(int port) {
    registry = new RegistryServer(RegistryServerConfig.builder(bootstrap()).port(port).build()).start();
    serdeConfig = Map.of("schema.registry.url", registry.url());
    return registry;
  }

  /** Stops the registry: every client that has not cached what it needs finds no one to ask. */
  void stopRegistry() {
    registry.close();
  }

  /** Stops broker {@code id} as a controlled shutdown; its log stays on disk. */
  void stopBroker(int id) {
    requireStoppable(id);
    log.info("Stopping broker {}", id);
    kit.brokers().get(id).shutdown();
    kit.brokers().get(id).awaitShutdown();
  }

  /** Starts broker {@code id} again on its log and its port. */
  void startBroker(int id) {
    requireStoppable(id);
    log.info("Starting broker {} again", id);
    kit.brokers().get(id).startup();
  }

  private void requireStoppable(int id) {
    if (id == 0 || !kit.brokers().containsKey(id)) {
      throw new IllegalArgumentException("broker " + id + " cannot be stopped: broker 0 shares its node with the controller");
    }
  }

  /** An open operation over the week of 3 to 9 October 2022, London time. */
  static Operation operation(String id) {
    return Operation.newBuilder()
        .setId(id).setName("Reliability week " + id).setKind("county-lines-intensification")
        .setStart(LocalDate.of(2022, 10, 3)).setEnd(LocalDate.of(2022, 10, 9)).setTimeZone("Europe/London")
        .setStatus(OperationStatus.OPEN).build();
  }

  void publish(Operation operation) {
    try (ReferencePublisher publisher = referencePublisher()) {
      publisher.publishOperation(operation);
    }
  }

  /** A publisher of field events as a field app would make one, through the registry running now. */
  FieldEventPublisher publisher() {
    return FieldEventPublisher.create(bootstrap(), serdeConfig);
  }

  private ReferencePublisher referencePublisher() {
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(serdeConfig, false);
    Properties props = FieldEventPublisher.producerConfig(bootstrap(), new Properties());
    return new ReferencePublisher(new KafkaProducer<>(props, new StringSerializer(), values));
  }

  Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
  }

  /** Waits until every partition of {@code topic} has all its replicas in sync again. */
  boolean fullyReplicated(String topic) throws Exception {
    try (Admin admin = admin()) {
      return admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
          .partitions().stream().allMatch(p -> p.isr().size() == p.replicas().size());
    }
  }

  @Override
  public void close() {
    try {
      if (registry != null) {
        registry.close();
      }
    } finally {
      try {
        kit.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while stopping the brokers", e);
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop the brokers", e);
      }
    }
  }
}
