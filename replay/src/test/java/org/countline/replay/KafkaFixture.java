package org.countline.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.core.ForceInfo;
import org.countline.core.ReferenceData;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.streams.TopicSetup;
import org.countline.streams.Topics;

/** Publishing helpers for the broker tests: topics, reference data and records with fixed timestamps. */
final class KafkaFixture {
  final String bootstrap;
  final Map<String, Object> serdeConfig;

  KafkaFixture(String bootstrap, String registryUrl) {
    this.bootstrap = bootstrap;
    this.serdeConfig = Map.of("schema.registry.url", registryUrl);
  }

  void createTopics(int partitions) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicSetup.ensure(admin, TopicSetup.topics(partitions, (short) 1, 1));
    }
  }

  void publishReference(ReferenceData reference, Operation... operations) throws Exception {
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), avro())) {
      for (ForceInfo force : reference.forces()) {
        producer.send(new ProducerRecord<>(Topics.FORCES, force.code(), force.toAvro())).get();
      }
      for (Operation operation : operations) {
        producer.send(new ProducerRecord<>(Topics.OPERATIONS, operation.getId(), operation)).get();
      }
    }
  }

  /** Sends every record in order, with its own timestamp, and waits for every acknowledgement. */
  void publish(List<Weeks.Published> records) throws Exception {
    SpecificAvroSerializer<FieldEvent> avro = new SpecificAvroSerializer<>();
    avro.configure(serdeConfig, false);
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer())) {
      for (Weeks.Published p : records) {
        byte[] value = p.raw() == Weeks.EMPTY ? null : p.raw() != null ? p.raw() : avro.serialize(Topics.FIELD_EVENTS, p.event());
        sends.add(producer.send(new ProducerRecord<>(Topics.FIELD_EVENTS, null, p.timestamp(), p.key(), value)));
      }
      for (Future<RecordMetadata> send : sends) {
        send.get();
      }
    }
  }

  <V extends SpecificRecord> void send(String topic, String key, V value) throws Exception {
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), avro())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  /** How many records the topic holds from its first offsets to its end. */
  long recordsIn(String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      return partitions.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
    }
  }

  private SpecificAvroSerializer<SpecificRecord> avro() {
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(serdeConfig, false);
    return values;
  }

  Properties producerProps() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return p;
  }
}
