package org.countline.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.core.ForceInfo;
import org.countline.core.ReferenceData;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment of {@code docker-compose.yml} without containers: three KRaft brokers, the
 * contract's topics with the compose file's settings (12 partitions, replication 3,
 * min.insync.replicas 2), the schema registry, and two instances of the totals topology sharing
 * one application id, each with its own state directory, internal topics replicated three times
 * and one standby replica per task.
 *
 * <p>One instance leaves while events are still arriving; the other takes over its partitions
 * and the totals on all four totals topics equal a plain fold of the events, exactly.
 */
class ScaleOutIT {
  /** As the init service of docker-compose.yml creates them. */
  private static final int PARTITIONS = 12;
  private static final short REPLICATION = 3;
  private static final int MIN_INSYNC = 2;
  private static final String APPLICATION_ID = "scale-out-it";

  private static KafkaClusterTestKit cluster;
  private static RegistryServer registry;
  private static String bootstrap;
  private static Map<String, Object> serdeConfig;

  @TempDir static Path stateRoot;

  @BeforeAll
  static void start() throws Exception {
    KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(
        new TestKitNodes.Builder()
            .setNumBrokerNodes(3)
            // One KRaft controller, combined with the first broker: the compose file runs three
            // combined nodes, but the controller quorum's size changes nothing of what the
            // streams instances see, and three in-process controllers cost start-up time.
            .setNumControllerNodes(1)
            .setCombined(true)
            .build())
        // The broker defaults the compose file sets, so that Kafka's own topics are as durable.
        .setConfigProp("default.replication.factor", "3")
        .setConfigProp("min.insync.replicas", "2")
        .setConfigProp("offsets.topic.replication.factor", "3")
        .setConfigProp("transaction.state.log.replication.factor", "3")
        .setConfigProp("transaction.state.log.min.isr", "2")
        .setConfigProp("auto.create.topics.enable", "false")
        // Fewer partitions for Kafka's own topics and no join delay: seconds saved, nothing proved less.
        .setConfigProp("offsets.topic.num.partitions", "6")
        .setConfigProp("transaction.state.log.num.partitions", "6")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        .build();
    // From here on the cluster is closed exactly once: here if start-up fails, else in stop().
    try {
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
    } catch (Exception e) {
      kit.close();
      throw e;
    }
    cluster = kit;
    bootstrap = cluster.bootstrapServers();
    registry = new RegistryServer(RegistryServerConfig.builder(bootstrap).port(0).build()).start();
    serdeConfig = Map.of("schema.registry.url", registry.url());
    try (Admin admin = admin()) {
      TopicSetup.ensure(admin, TopicSetup.topics(PARTITIONS, REPLICATION, MIN_INSYNC));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (registry != null) {
        registry.close();
      }
    } finally {
      if (cluster != null) {
        KafkaClusterTestKit kit = cluster;
        cluster = null;
        kit.close();
      }
    }
  }

  @Test
  void shouldCreateTheContractTopicsWithTheComposeSettings() throws Exception {
    try (Admin admin = admin()) {
      Map<String, TopicDescription> topics = admin.describeTopics(
          List.of(Topics.FIELD_EVENTS, Topics.TOTALS_FORCE, Topics.OPERATIONS)).allTopicNames().get(30, TimeUnit.SECONDS);
      assertThat(topics.get(Topics.FIELD_EVENTS).partitions()).hasSize(PARTITIONS)
          .allSatisfy(p -> assertThat(p.replicas()).hasSize(REPLICATION));
      assertThat(topics.get(Topics.TOTALS_FORCE).partitions()).hasSize(PARTITIONS);
      assertThat(topics.get(Topics.OPERATIONS).partitions()).hasSize(1)
          .allSatisfy(p -> assertThat(p.replicas()).hasSize(REPLICATION));

      ConfigResource events = new ConfigResource(ConfigResource.Type.TOPIC, Topics.FIELD_EVENTS);
      ConfigResource totals = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TOTALS_NATIONAL);
      Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(events, totals)).all().get(30, TimeUnit.SECONDS);
      assertThat(configs.get(events).get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
      assertThat(configs.get(events).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2");
      assertThat(configs.get(totals).get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }
  }

  @Test
  void shouldKeepTotalsExactWhenOneOfTwoInstancesLeavesMidLoadAndTheOtherTakesOver() throws Exception {
    ReferenceData reference = ReferenceData.defaults();
    Operation operation = TestEvents.operation(TestEvents.OPERATION, OperationStatus.OPEN);
    List<FieldEvent> week = EventSequences.week(2022, 2400, true);
    publishReference(reference, operation);
    int third = week.size() / 3;

    try (TotalsApp a = app("a"); TotalsApp b = app("b")) {
      a.start();
      b.start();
      // Both instances hold active tasks, and each stands by for the other's: a standby replica
      // per task, as configured, so that a leaving instance's state is already warm elsewhere.
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
        assertThat(a.isRunning()).as("a running").isTrue();
        assertThat(b.isRunning()).as("b running").isTrue();
        assertThat(activeEventPartitions(a)).isNotEmpty();
        assertThat(activeEventPartitions(b)).isNotEmpty();
        assertThat(standbyTasks(a)).isPositive();
        assertThat(standbyTasks(b)).isPositive();
      });
      assertThat(internalTopicReplicas()).isNotEmpty().allSatisfy(r -> assertThat(r).isEqualTo(3));

      try (KafkaProducer<String, FieldEvent> producer = eventProducer()) {
        acknowledged(send(producer, week.subList(0, third)));
        // b has done part of the work before it leaves; it leaves while the next third is still
        // on its way, and the last third arrives after it has gone.
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(b) > 0);

        List<Future<RecordMetadata>> inFlight = send(producer, week.subList(third, 2 * third));
        b.close();
        inFlight.addAll(send(producer, week.subList(2 * third, week.size())));
        acknowledged(inFlight);
      }

      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
          assertThat(activeEventPartitions(a)).hasSize(PARTITIONS));

      ExpectedTotals expected = ExpectedTotals.fold(week, operation, reference);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        assertThat(read(Topics.TOTALS_NATIONAL)).isEqualTo(ExpectedTotals.figures(expected.national()));
        assertThat(read(Topics.TOTALS_REGION)).isEqualTo(ExpectedTotals.figures(expected.region()));
        assertThat(read(Topics.TOTALS_FORCE)).isEqualTo(ExpectedTotals.figures(expected.force()));
        assertThat(read(Topics.TOTALS_DAILY)).isEqualTo(ExpectedTotals.figures(expected.daily()));
      });
    }
  }

  /** An instance as the compose file runs it: shared application id, own state directory. */
  private static TotalsApp app(String name) {
    Properties overrides = new Properties();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    overrides.put(StreamsConfig.CLIENT_ID_CONFIG, APPLICATION_ID + "-" + name);
    overrides.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) REPLICATION);
    overrides.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
    Properties config = TotalsApp.config(bootstrap, stateRoot.resolve(name).toString(), overrides);
    return new TotalsApp(config, TotalsSerdes.fromRegistry(serdeConfig), TopologyOptions.defaults());
  }

  private static Set<Integer> activeEventPartitions(TotalsApp app) {
    Set<Integer> partitions = new TreeSet<>();
    for (ThreadMetadata thread : app.streams().metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        for (TopicPartition p : task.topicPartitions()) {
          if (p.topic().equals(Topics.FIELD_EVENTS)) {
            partitions.add(p.partition());
          }
        }
      }
    }
    return partitions;
  }

  private static int standbyTasks(TotalsApp app) {
    return app.streams().metadataForLocalThreads().stream().mapToInt(t -> t.standbyTasks().size()).sum();
  }

  /** Records processed by the instance's stream threads so far. */
  private static double processed(TotalsApp app) {
    return app.streams().metrics().entrySet().stream()
        .filter(e -> e.getKey().name().equals("process-total") && e.getKey().group().equals("stream-thread-metrics"))
        .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
        .sum();
  }

  /** The replication factor of every partition of the application's internal topics. */
  private static List<Integer> internalTopicReplicas() throws Exception {
    try (Admin admin = admin()) {
      List<String> internal = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
          .filter(t -> t.startsWith(APPLICATION_ID + "-"))
          .toList();
      List<Integer> replicas = new ArrayList<>();
      admin.describeTopics(internal).allTopicNames().get(30, TimeUnit.SECONDS).values()
          .forEach(d -> d.partitions().forEach(p -> replicas.add(p.replicas().size())));
      return replicas;
    }
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
  }

  private static void publishReference(ReferenceData reference, Operation operation) throws Exception {
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(serdeConfig, false);
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), values)) {
      List<Future<RecordMetadata>> sends = new ArrayList<>();
      for (ForceInfo force : reference.forces()) {
        sends.add(producer.send(new ProducerRecord<>(Topics.FORCES, force.code(), force.toAvro())));
      }
      sends.add(producer.send(new ProducerRecord<>(Topics.OPERATIONS, operation.getId(), operation)));
      acknowledged(sends);
    }
  }

  private static KafkaProducer<String, FieldEvent> eventProducer() {
    SpecificAvroSerializer<FieldEvent> values = new SpecificAvroSerializer<>();
    values.configure(serdeConfig, false);
    return new KafkaProducer<>(producerProps(), new StringSerializer(), values);
  }

  private static List<Future<RecordMetadata>> send(KafkaProducer<String, FieldEvent> producer, List<FieldEvent> events) {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (FieldEvent e : events) {
      sends.add(producer.send(new ProducerRecord<>(Topics.FIELD_EVENTS, e.getOperationId() + "/" + e.getForce(), e)));
    }
    return sends;
  }

  private static void acknowledged(List<Future<RecordMetadata>> sends) throws Exception {
    for (Future<RecordMetadata> send : sends) {
      send.get(30, TimeUnit.SECONDS);
    }
  }

  private static Properties producerProps() {
    return BrokerTestClients.producerProps(bootstrap);
  }

  private static Map<String, String> read(String topic) {
    return BrokerTestClients.figures(bootstrap, serdeConfig, topic);
  }
}
