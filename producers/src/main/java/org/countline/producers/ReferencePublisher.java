package org.countline.producers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.avro.specific.SpecificRecord;
import org.countline.avro.Operation;
import org.countline.core.ForceInfo;
import org.countline.core.ReferenceData;

/**
 * Writes reference data to its compacted topics: the forces of a {@link ReferenceData} file to
 * {@code countline.forces}, and operations to {@code countline.operations}. Every write is
 * waited for, so a caller that returns has its data in Kafka.
 */
public final class ReferencePublisher implements AutoCloseable {
  public static final String FORCES_TOPIC = "countline.forces";
  public static final String OPERATIONS_TOPIC = "countline.operations";

  private final Producer<String, SpecificRecord> producer;

  public ReferencePublisher(Producer<String, SpecificRecord> producer) {
    this.producer = producer;
  }

  /** Publishes every force; returns how many. */
  public int publishForces(ReferenceData data) {
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    for (ForceInfo force : data.forces()) {
      sends.add(producer.send(new ProducerRecord<>(FORCES_TOPIC, force.code(), force.toAvro())));
    }
    sends.forEach(ReferencePublisher::await);
    return sends.size();
  }

  public void publishOperation(Operation operation) {
    await(producer.send(new ProducerRecord<>(OPERATIONS_TOPIC, operation.getId(), operation)));
  }

  private static void await(Future<RecordMetadata> send) {
    try {
      send.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka refused the write: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not acknowledge the write within 60 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing reference data", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
