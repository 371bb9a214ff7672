package org.countline.app.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.app.UserFacingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker on a real KRaft node: it takes writes, and its data outlives a restart. */
class EmbeddedBrokerIT {
  private static final String TOPIC = "countline.embedded-broker-it";
  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

  @TempDir Path dataDir;

  @Test
  void shouldKeepTopicsAndRecordsAcrossARestartAndRefuseASecondBrokerOnTheSameDirectory() throws Exception {
    String clusterId;
    EmbeddedBroker first = EmbeddedBroker.onFreePorts(dataDir).start();
    try {
      clusterId = first.clusterId();
      try (Admin admin = admin(first)) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = producer(first)) {
        producer.send(new ProducerRecord<>(TOPIC, "cliw-2022-10/kent", "arrest")).get();
      }
      assertThat(readAll(first)).containsExactly("cliw-2022-10/kent=arrest");

      assertThatThrownBy(() -> EmbeddedBroker.onFreePorts(dataDir).start())
          .isInstanceOf(BrokerStartException.class)
          .hasMessageStartingWith("Another Kafka broker is using " + dataDir.toAbsolutePath().normalize());
    } finally {
      first.close();
    }
    first.close(); // a second close does nothing

    try (EmbeddedBroker second = EmbeddedBroker.onFreePorts(dataDir).start()) {
      assertThat(second.clusterId()).isEqualTo(clusterId);
      try (Admin admin = admin(second)) {
        assertThat(admin.listTopics().names().get()).contains(TOPIC);
      }
      assertThat(readAll(second)).containsExactly("cliw-2022-10/kent=arrest");
    }
  }

  @Test
  void shouldRefuseToStartOnAPortInUseWithAReadableMessage() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
      EmbeddedBroker broker = new EmbeddedBroker(dataDir, taken.getLocalPort(), 0);

      assertThatThrownBy(broker::start)
          .isInstanceOf(UserFacingException.class)
          .hasMessageStartingWith("Port " + taken.getLocalPort() + " is in use");
    }
  }

  @Test
  void shouldRunWithASettingOverItsDefaultsAndRefuseOneOnceStarted() throws Exception {
    try (EmbeddedBroker broker = EmbeddedBroker.onFreePorts(dataDir).withConfig("group.initial.rebalance.delay.ms", "3000").start();
        Admin admin = admin(broker)) {
      ConfigResource node = new ConfigResource(ConfigResource.Type.BROKER, "1");
      Config config = admin.describeConfigs(List.of(node)).all().get().get(node);

      assertThat(config.get("group.initial.rebalance.delay.ms").value()).isEqualTo("3000");
      assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
      assertThatThrownBy(() -> broker.withConfig("num.partitions", "1"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("num.partitions");
    }
  }

  private static Admin admin(EmbeddedBroker broker) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }

  private static KafkaProducer<String, String> producer(EmbeddedBroker broker) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new StringSerializer(),
        new StringSerializer());
  }

  /** Every record of the test partition, as {@code key=value}, read until there is at least one. */
  private static List<String> readAll(EmbeddedBroker broker) {
    List<String> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new StringDeserializer(),
        new StringDeserializer())) {
      consumer.assign(Set.of(PARTITION));
      consumer.seekToBeginning(Set.of(PARTITION));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          records.add(record.key() + "=" + record.value());
        }
        return !records.isEmpty();
      });
    }
    return records;
  }
}
