package org.countline.producers;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.avro.FieldEvent;
import org.countline.core.Keys;
import org.countline.registry.serde.SpecificAvroSerializer;

/**
 * Publishes field events to {@code countline.field-events}, keyed {@code OPERATION/FORCE} so that
 * every revision of an event lands in its force's partition. Each send's result is returned to
 * the caller as a future that completes once Kafka has acknowledged the write ({@code acks=all},
 * idempotent producer), or fails with the reason.
 */
public final class FieldEventPublisher implements AutoCloseable {
  public static final String TOPIC = "countline.field-events";

  private final Producer<String, FieldEvent> producer;

  public FieldEventPublisher(Producer<String, FieldEvent> producer) {
    this.producer = producer;
  }

  /** A publisher with its own producer, writing Avro through the registry in {@code registryConfig}. */
  public static FieldEventPublisher create(String bootstrapServers, Map<String, ?> registryConfig) {
    Properties props = producerConfig(bootstrapServers, new Properties());
    SpecificAvroSerializer<FieldEvent> values = new SpecificAvroSerializer<>();
    values.configure(registryConfig, false);
    return new FieldEventPublisher(new KafkaProducer<>(props, new StringSerializer(), values));
  }

  /**
   * A publisher with its own producer, built from {@link #producerConfig} with {@code overrides}
   * winning (e.g. a shorter {@code max.block.ms} and {@code delivery.timeout.ms} for a gateway that
   * must answer within a bounded time).
   */
  public static FieldEventPublisher create(String bootstrapServers, Map<String, ?> registryConfig, Properties overrides) {
    Properties props = producerConfig(bootstrapServers, overrides);
    SpecificAvroSerializer<FieldEvent> values = new SpecificAvroSerializer<>();
    values.configure(registryConfig, false);
    return new FieldEventPublisher(new KafkaProducer<>(props, new StringSerializer(), values));
  }

  /** Producer settings for no loss and no duplicates from retries; {@code overrides} win. */
  public static Properties producerConfig(String bootstrapServers, Properties overrides) {
    Properties p = new Properties();
    p.putAll(overrides);
    p.putIfAbsent(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
    return p;
  }

  /** The record key of an event: {@code OPERATION/FORCE}. */
  public static String keyOf(FieldEvent event) {
    return Keys.of(event.getOperationId(), event.getForce());
  }

  /** Sends one event; the future completes when Kafka has acknowledged it. */
  public CompletableFuture<RecordMetadata> publish(FieldEvent event) {
    CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
    try {
      producer.send(new ProducerRecord<>(TOPIC, keyOf(event), event), (metadata, error) -> {
        if (error != null) {
          result.completeExceptionally(error);
        } else {
          result.complete(metadata);
        }
      });
    } catch (RuntimeException e) {
      // Serialisation and registry failures surface here, before the send is queued.
      result.completeExceptionally(e);
    }
    return result;
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /**
   * Closes within {@code timeout}: sends still queued after it are abandoned and their futures
   * fail. Callers that keep their own copy of unsent events (the outbox) close with a short
   * timeout so that an unreachable broker cannot hold them up.
   */
  public void close(Duration timeout) {
    producer.close(timeout);
  }
}
