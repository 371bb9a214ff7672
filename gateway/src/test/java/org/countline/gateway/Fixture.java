package org.countline.gateway;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.core.ReferenceData;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.ReferencePublisher;
import org.countline.registry.serde.SpecificAvroDeserializer;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import org.countline.streams.TopicSetup;
import org.countline.streams.Topics;

/** A broker test's world: the registry, the contract's topics, the forces and operations, and reading events back. */
public final class Fixture implements AutoCloseable {
  public final String bootstrap;
  public final RegistryServer registry;
  public final Map<String, Object> serdeConfig;

  private Fixture(String bootstrap) {
    this.bootstrap = bootstrap;
    this.registry = new RegistryServer(RegistryServerConfig.builder(bootstrap).port(0).build()).start();
    this.serdeConfig = Map.of("schema.registry.url", registry.url());
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicSetup.ensure(admin, TopicSetup.topics(3, (short) 1, 1));
    }
    try (ReferencePublisher publisher = referencePublisher()) {
      publisher.publishForces(ReferenceData.defaults());
    }
  }

  public static Fixture start(String bootstrap) {
    return new Fixture(bootstrap);
  }

  /** An open operation over the week of 3 to 9 October 2022, London time. */
  public static Operation operation(String id) {
    return Operation.newBuilder()
        .setId(id).setName("Test week " + id).setKind("county-lines-intensification")
        .setStart(LocalDate.of(2022, 10, 3)).setEnd(LocalDate.of(2022, 10, 9)).setTimeZone("Europe/London")
        .setStatus(OperationStatus.OPEN).build();
  }

  public void publish(Operation... operations) {
    try (ReferencePublisher publisher = referencePublisher()) {
      for (Operation o : operations) {
        publisher.publishOperation(o);
      }
    }
  }

  public ReferencePublisher referencePublisher() {
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(serdeConfig, false);
    Properties props = FieldEventPublisher.producerConfig(bootstrap, new Properties());
    return new ReferencePublisher(new KafkaProducer<>(props, new StringSerializer(), values));
  }

  /** Every record of {@code countline.field-events} for {@code operationId}, in partition order. */
  public List<FieldEvent> events(String operationId) {
    SpecificAvroDeserializer<FieldEvent> values = new SpecificAvroDeserializer<>(FieldEvent.class);
    values.configure(serdeConfig, false);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<FieldEvent> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.FIELD_EVENTS, Duration.ofSeconds(10)).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + Topics.FIELD_EVENTS + " to its end");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() != null && r.key().startsWith(operationId + "/")) {
            out.add(values.deserialize(r.topic(), r.value()));
          }
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    registry.close();
  }
}
