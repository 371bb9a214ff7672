package org.countline.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.countline.avro.FieldEvent;
import org.countline.registry.serde.SpecificAvroDeserializer;
import org.countline.streams.Topics;
import org.countline.streams.TotalsReader;

/**
 * What {@code countline.field-events} holds for one operation, read from the beginning to its end
 * offsets with read_committed: how many copies of each revision of each event ({@code
 * EVENTID#REVISION}), to tell an event Kafka lost from one it stored twice.
 */
final class EventLog {
  private EventLog() {}

  static String key(FieldEvent e) {
    return e.getEventId() + "#" + e.getRevision();
  }

  /** How many times each revision was sent: the copies the log should hold. */
  static Map<String, Integer> copiesOf(Collection<FieldEvent> events) {
    Map<String, Integer> out = new HashMap<>();
    events.forEach(e -> out.merge(key(e), 1, Integer::sum));
    return out;
  }

  static Map<String, Integer> copies(FaultCluster cluster, String operationId) {
    SpecificAvroDeserializer<FieldEvent> values = new SpecificAvroDeserializer<>(FieldEvent.class);
    values.configure(cluster.serdeConfig(), false);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    Map<String, Integer> out = new HashMap<>();
    try (KafkaConsumer<String, FieldEvent> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(Topics.FIELD_EVENTS, Duration.ofSeconds(30))
          .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!TotalsReader.caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + Topics.FIELD_EVENTS + " to its end within 2 minutes");
        }
        for (ConsumerRecord<String, FieldEvent> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null && r.value().getOperationId().equals(operationId)) {
            out.merge(key(r.value()), 1, Integer::sum);
          }
        }
      }
    }
    return out;
  }

  /** Revisions sent (and acknowledged) that the log does not hold as often as they were sent. */
  static long missing(Map<String, Integer> sent, Map<String, Integer> logged) {
    return sent.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - logged.getOrDefault(e.getKey(), 0))).sum();
  }

  /** Copies in the log beyond those sent: what retries would have stored twice without idempotence. */
  static long extra(Map<String, Integer> sent, Map<String, Integer> logged) {
    return logged.entrySet().stream().mapToLong(e -> Math.max(0, e.getValue() - sent.getOrDefault(e.getKey(), 0))).sum();
  }
}
