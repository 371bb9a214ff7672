package org.countline.reliability;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.countline.avro.FieldEvent;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.SendFailures;
import org.countline.streams.Topics;

/**
 * Events published in the background through a {@link FieldEventPublisher}, at a steady rate, with
 * every send's result kept: which events Kafka acknowledged, and which it did not and why. Faults
 * are injected while it runs; {@link #await} returns once every send has been answered.
 */
final class Load {
  private final List<FieldEvent> events;
  private final double ratePerSecond;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final Map<Integer, Throwable> failures = new ConcurrentHashMap<>();
  private final boolean[] acked;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Object gate = new Object();
  private long allowed = Long.MAX_VALUE;
  private Thread thread;

  /** {@code ratePerSecond} 0: as fast as Kafka takes them. */
  Load(List<FieldEvent> events, double ratePerSecond) {
    this.events = List.copyOf(events);
    this.ratePerSecond = ratePerSecond;
    this.acked = new boolean[events.size()];
  }

  /**
   * Sends only the first {@code count} events until allowed more: the test then knows that the
   * events after them are sent after whatever it does meanwhile.
   */
  Load allowUpTo(long count) {
    synchronized (gate) {
      allowed = count;
      gate.notifyAll();
    }
    return this;
  }

  private void awaitAllowed(long index) throws InterruptedException {
    synchronized (gate) {
      while (index >= allowed) {
        gate.wait();
      }
    }
  }

  boolean isDone() {
    return done.isDone();
  }

  /** Starts sending through {@code publisher} on a thread of its own; the publisher is not closed. */
  Load start(FieldEventPublisher publisher) {
    thread = new Thread(() -> {
      try {
        run(publisher);
        done.complete(null);
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    }, "reliability-load");
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  private void run(FieldEventPublisher publisher) throws InterruptedException {
    int window = 5_000;
    Semaphore inFlight = new Semaphore(window);
    long start = System.nanoTime();
    for (int i = 0; i < events.size(); i++) {
      if (ratePerSecond > 0) {
        long due = start + (long) (i * 1e9 / ratePerSecond);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
      }
      awaitAllowed(i);
      inFlight.acquire();
      int index = i;
      sent.incrementAndGet();
      publisher.publish(events.get(i)).whenComplete((metadata, error) -> {
        if (error == null) {
          synchronized (acked) {
            acked[index] = true;
          }
          acknowledged.incrementAndGet();
        } else {
          failures.put(index, SendFailures.unwrap(error));
        }
        inFlight.release();
      });
    }
    publisher.flush();
    inFlight.acquire(window);
    inFlight.release(window);
  }

  /** Waits until every send has been answered (acknowledged or failed). */
  void await(long timeoutSeconds) throws Exception {
    done.get(timeoutSeconds, TimeUnit.SECONDS);
  }

  long sent() {
    return sent.get();
  }

  long acknowledged() {
    return acknowledged.get();
  }

  Map<Integer, Throwable> failures() {
    return Collections.unmodifiableMap(failures);
  }

  /** The events Kafka acknowledged, in the order they were sent. */
  List<FieldEvent> acknowledgedEvents() {
    List<FieldEvent> out = new ArrayList<>();
    synchronized (acked) {
      for (int i = 0; i < acked.length; i++) {
        if (acked[i]) {
          out.add(events.get(i));
        }
      }
    }
    return out;
  }

  /** Records of {@code countline.field-events} that {@code applicationId} has consumed and committed. */
  static long committed(Admin admin, String applicationId) throws Exception {
    return committedOffsets(admin, applicationId).entrySet().stream()
        .filter(e -> e.getKey().topic().equals(Topics.FIELD_EVENTS) && e.getValue() != null)
        .mapToLong(e -> e.getValue().offset())
        .sum();
  }

  /**
   * Records of the application's own repartition topics (the force-total changes on their way to
   * the region and national sums) not yet consumed and committed by it: the end offsets less the
   * group's committed offsets, summed. Zero once the sums have taken in every change already
   * written, which the events topic's offsets alone do not tell: the sums are other tasks, perhaps
   * on another instance still restoring after a kill, and run behind the force totals.
   */
  static long repartitionBacklog(Admin admin, String applicationId) throws Exception {
    List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
        .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-repartition"))
        .toList();
    if (topics.isEmpty()) {
      throw new IllegalStateException("no repartition topics of application " + applicationId + " to wait for");
    }
    Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(admin, applicationId);
    long backlog = 0;
    for (Map.Entry<TopicPartition, Long> end : endOffsets(admin, topics).entrySet()) {
      OffsetAndMetadata at = committed.get(end.getKey());
      backlog += Math.max(0, end.getValue() - (at == null ? 0 : at.offset()));
    }
    return backlog;
  }

  /** The end offsets of {@code countline.field-events}, summed: every record ever written to it. */
  static long eventsInLog(Admin admin) throws Exception {
    return endOffsets(admin, List.of(Topics.FIELD_EVENTS)).values().stream().mapToLong(Long::longValue).sum();
  }

  private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(Admin admin, String applicationId) throws Exception {
    return admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
  }

  /** The end offset of every partition of {@code topics}. */
  private static Map<TopicPartition, Long> endOffsets(Admin admin, List<String> topics) throws Exception {
    Map<TopicPartition, OffsetSpec> query = new java.util.HashMap<>();
    admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) ->
        description.partitions().forEach(p -> query.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, Long> ends = new java.util.HashMap<>();
    admin.listOffsets(query).all().get(30, TimeUnit.SECONDS).forEach((partition, info) -> ends.put(partition, info.offset()));
    return ends;
  }
}
