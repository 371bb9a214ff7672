package org.countline.producers.outbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.avro.FieldEvent;

/**
 * A {@link MockProducer} whose sends can be told to fail, as Kafka's do, through the callback: the
 * next few sends, or every send of one event. Successful sends land in {@link #history()}; each
 * send attempt releases a permit of {@link #attempts}, so tests wait on it instead of sleeping.
 */
final class ScriptedProducer extends MockProducer<String, FieldEvent> {
  final Semaphore attempts = new Semaphore(0);
  final java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
  private final Deque<RuntimeException> nextFailures = new ArrayDeque<>();
  private Function<FieldEvent, RuntimeException> failFor = e -> null;
  private volatile boolean failAll;

  ScriptedProducer(boolean autoComplete) {
    super(autoComplete, null, new StringSerializer(), (topic, event) -> new byte[0]);
  }

  synchronized ScriptedProducer failNext(int times, RuntimeException error) {
    for (int i = 0; i < times; i++) {
      nextFailures.add(error);
    }
    return this;
  }

  synchronized ScriptedProducer failFor(Function<FieldEvent, RuntimeException> rule) {
    this.failFor = rule;
    return this;
  }

  ScriptedProducer failAll(boolean fail) {
    this.failAll = fail;
    return this;
  }

  @Override
  public synchronized Future<RecordMetadata> send(ProducerRecord<String, FieldEvent> record, Callback callback) {
    try {
      RuntimeException error = failAll ? new org.apache.kafka.common.errors.TimeoutException("broker away")
          : !nextFailures.isEmpty() ? nextFailures.poll() : failFor.apply(record.value());
      if (error != null) {
        failed.incrementAndGet();
        callback.onCompletion(null, error);
        return CompletableFuture.failedFuture(error);
      }
      return super.send(record, callback);
    } finally {
      attempts.release();
    }
  }
}
