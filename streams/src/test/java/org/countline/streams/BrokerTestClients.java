package org.countline.streams;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.countline.avro.Totals;
import org.countline.core.Tally;
import org.countline.registry.serde.SpecificAvroDeserializer;

/** What the broker tests of this module share: the topics, a producer's settings and the figures on a totals topic. */
final class BrokerTestClients {
  private BrokerTestClients() {}

  /** Every Countline topic, 3 partitions, on a single broker. */
  static void createTopics(String bootstrap) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicSetup.ensure(admin, TopicSetup.topics(3, (short) 1, 1));
    }
  }

  /** An idempotent producer that waits for every replica: a send acknowledged is in the log once. */
  static Properties producerProps(String bootstrap) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return p;
  }

  /** The latest totals of every key on {@code topic}, as {@link ExpectedTotals#figures} gives them. */
  static Map<String, String> figures(String bootstrap, Map<String, ?> serdeConfig, String topic) {
    SpecificAvroDeserializer<Totals> values = new SpecificAvroDeserializer<>();
    values.configure(serdeConfig, false);
    Map<String, Tally> latest = new HashMap<>();
    TotalsReader.latest(bootstrap, topic, values, key -> true, Duration.ofSeconds(30))
        .forEach((k, v) -> latest.put(k, Tally.fromAvro(v)));
    return ExpectedTotals.figures(latest);
  }
}
