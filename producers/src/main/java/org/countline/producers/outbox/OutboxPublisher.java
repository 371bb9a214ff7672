package org.countline.producers.outbox;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.countline.avro.FieldEvent;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.SendFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline-safe publishing for field apps: {@link #publish} stores the event in an on-disk {@link
 * Outbox} (fsynced) and returns; a background thread delivers the outbox to {@code
 * countline.field-events} through a {@link FieldEventPublisher} whenever Kafka is reachable, and
 * marks each event delivered only after Kafka's acknowledgement. Events still in the outbox when
 * the app stops are sent when it opens the outbox again.
 *
 * <p>Delivery is at least once: an event acknowledged by Kafka just before a crash, whose mark
 * had not yet reached the disk, is sent again. The topology counts an eventId and revision once,
 * so every event is counted exactly once.
 *
 * <p>Order: events are sent in the order they were appended, in batches, and Kafka's idempotent
 * producer keeps that order within a partition. After a failed attempt the unacknowledged events
 * are sent again, so an event may land after one appended later in another partition; within an
 * event (its revisions share a partition) a late lower revision is ignored by the topology.
 *
 * <p>Failures that can pass (Kafka or the registry out of reach) are retried with backoff for
 * ever; failures that cannot (see {@link SendFailures#isPermanent}) set the event aside in {@code
 * undeliverable.jsonl}, log an error and fail its future. Nothing is dropped silently.
 */
public final class OutboxPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

  /** How the delivery thread works; {@link #defaults()} suit a field app. */
  public record Options(int batchSize, Duration minBackoff, Duration maxBackoff, Duration closeTimeout) {
    public Options {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1");
      }
    }

    public static Options defaults() {
      return new Options(500, Duration.ofMillis(200), Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    public Options withBackoff(Duration min, Duration max) {
      return new Options(batchSize, min, max, closeTimeout);
    }

    public Options withBatchSize(int size) {
      return new Options(size, minBackoff, maxBackoff, closeTimeout);
    }
  }

  private final Outbox outbox;
  private final FieldEventPublisher publisher;
  private final Options options;
  private final Map<Long, CompletableFuture<RecordMetadata>> waiting = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition progress = lock.newCondition();
  private final Condition stop = lock.newCondition();
  private final Thread deliverer;
  private volatile boolean closing;
  private volatile Throwable lastFailure;
  private boolean closed;
  private boolean outage;

  private OutboxPublisher(Outbox outbox, FieldEventPublisher publisher, Options options) {
    this.outbox = outbox;
    this.publisher = publisher;
    this.options = options;
    this.deliverer = new Thread(this::deliverLoop, "countline-outbox-" + outbox.directory().getFileName());
    this.deliverer.setDaemon(true);
  }

  /**
   * Opens the outbox in {@code dir} and starts delivering it (first the events left from before)
   * through {@code publisher}, which this object then owns and closes.
   */
  public static OutboxPublisher open(Path dir, FieldEventPublisher publisher) throws IOException {
    return open(dir, publisher, Options.defaults());
  }

  public static OutboxPublisher open(Path dir, FieldEventPublisher publisher, Options options) throws IOException {
    Outbox outbox = Outbox.open(dir);
    OutboxPublisher p = new OutboxPublisher(outbox, publisher, options);
    p.deliverer.start();
    return p;
  }

  /** An outbox-backed publisher with its own producer ({@link #producerConfig}). */
  public static OutboxPublisher open(Path dir, String bootstrapServers, Map<String, ?> registryConfig) throws IOException {
    return open(dir, FieldEventPublisher.create(bootstrapServers, registryConfig, producerConfig(new Properties())));
  }

  /**
   * Producer settings for an outbox: a send fails within seconds when Kafka is out of reach (the
   * outbox keeps the event and retries), instead of blocking for a minute. {@code overrides} win.
   */
  public static Properties producerConfig(Properties overrides) {
    Properties p = new Properties();
    p.putAll(overrides);
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    return p;
  }

  /**
   * Stores the event on disk (fsynced) and queues it for delivery. The future completes when
   * Kafka has acknowledged it, or fails if Kafka refuses it for good; if the app stops first the
   * event stays in the outbox and is delivered after the next {@link #open}.
   *
   * @throws java.io.UncheckedIOException when the disk refuses the event: it is not stored
   */
  public CompletableFuture<RecordMetadata> publish(FieldEvent event) {
    CompletableFuture<RecordMetadata> result = new CompletableFuture<>();
    synchronized (outbox) {
      if (closing) {
        throw new IllegalStateException("outbox publisher " + outbox.directory() + " is closed");
      }
      long seq = outbox.append(event);
      waiting.put(seq, result);
    }
    signal(work);
    return result;
  }

  /** Events stored and not yet acknowledged by Kafka. */
  public int pending() {
    return outbox.pendingCount();
  }

  /** What opening the outbox found (events left from before, a torn tail set aside). */
  public OutboxRecovery recovery() {
    return outbox.recovery();
  }

  /** The most recent delivery failure, for an app's status line; null once a delivery succeeds. */
  public Throwable lastFailure() {
    return lastFailure;
  }

  /** Waits until nothing is pending; false when {@code timeout} passes first. */
  public boolean awaitDelivered(Duration timeout) throws InterruptedException {
    long nanos = timeout.toNanos();
    lock.lock();
    try {
      while (outbox.pendingCount() > 0) {
        if (nanos <= 0 || closing) {
          return false;
        }
        nanos = progress.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops delivering and closes the producer and the files. Undelivered events stay in the outbox
   * for the next {@link #open}; their futures fail with a message saying so. Idempotent.
   */
  @Override
  public void close() {
    synchronized (outbox) {
      if (closed) {
        return;
      }
      closed = true;
      closing = true;
    }
    signal(work);
    signal(stop);
    signal(progress);
    try {
      deliverer.join(options.closeTimeout().toMillis());
      if (deliverer.isAlive()) {
        // Blocked on an unreachable broker: closing the producer fails its sends at once.
        publisher.close(Duration.ZERO);
        deliverer.join(options.closeTimeout().toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (deliverer.isAlive()) {
      log.warn("Outbox delivery thread for {} did not stop within {}", outbox.directory(), options.closeTimeout());
    }
    publisher.close(options.closeTimeout());
    int left = outbox.pendingCount();
    outbox.close();
    waiting.forEach((seq, f) -> f.completeExceptionally(new IllegalStateException(
        "outbox closed before Kafka acknowledged this event; it stays in " + outbox.directory()
            + " and is sent when the outbox is opened again")));
    waiting.clear();
    if (left > 0) {
      log.info("Outbox {} closed with {} events waiting; they are sent when it is opened again", outbox.directory(), left);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void deliverLoop() {
    long backoffNanos = options.minBackoff().toNanos();
    while (!closing) {
      List<OutboxEntry> batch = outbox.pending(options.batchSize());
      if (batch.isEmpty()) {
        awaitWork();
        continue;
      }
      boolean ok;
      try {
        ok = deliver(batch);
      } catch (RuntimeException e) {
        // A disk failure while marking: the events stay pending and are sent again (counted once).
        log.error("Outbox {} delivery round failed; retrying", outbox.directory(), e);
        lastFailure = e;
        ok = false;
      }
      signal(progress);
      if (ok) {
        backoffNanos = options.minBackoff().toNanos();
      } else if (!closing) {
        awaitBackoff(backoffNanos);
        backoffNanos = Math.min(backoffNanos * 2, options.maxBackoff().toNanos());
      }
    }
  }

  /** Sends one batch in order and records the outcome; false when some must be retried. */
  private boolean deliver(List<OutboxEntry> batch) {
    List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>(batch.size());
    for (OutboxEntry entry : batch) {
      // Once a send has failed, the broker is likely away: the rest would each wait for it.
      if (closing || sends.stream().anyMatch(CompletableFuture::isCompletedExceptionally)) {
        break;
      }
      sends.add(publisher.publish(entry.event()));
    }
    List<Long> delivered = new ArrayList<>(sends.size());
    List<RecordMetadata> acks = new ArrayList<>(sends.size());
    Throwable retriable = null;
    boolean stopped = false;
    for (int i = 0; i < sends.size() && !stopped; i++) {
      OutboxEntry entry = batch.get(i);
      try {
        RecordMetadata ack = awaitSend(sends.get(i));
        if (ack == null) {
          // Closing: what is not acknowledged yet stays in the outbox for the next open.
          stopped = true;
          continue;
        }
        acks.add(ack);
        delivered.add(entry.seq());
      } catch (ExecutionException e) {
        Throwable cause = SendFailures.unwrap(e);
        if (SendFailures.isPermanent(cause)) {
          outbox.setAside(entry.seq(), cause.toString());
          CompletableFuture<RecordMetadata> f = waiting.remove(entry.seq());
          if (f != null) {
            f.completeExceptionally(cause);
          }
        } else if (retriable == null) {
          retriable = cause;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    outbox.markDelivered(delivered);
    for (int i = 0; i < delivered.size(); i++) {
      CompletableFuture<RecordMetadata> f = waiting.remove(delivered.get(i));
      if (f != null) {
        f.complete(acks.get(i));
      }
    }
    boolean complete = !stopped && retriable == null && sends.size() == batch.size();
    reportOutage(retriable, delivered.size());
    return complete;
  }

  /** The acknowledgement, or null when the outbox is closing first. */
  private RecordMetadata awaitSend(CompletableFuture<RecordMetadata> send) throws ExecutionException, InterruptedException {
    while (true) {
      try {
        return send.get(100, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        if (closing) {
          return null;
        }
      }
    }
  }

  private void reportOutage(Throwable retriable, int delivered) {
    if (retriable != null) {
      lastFailure = retriable;
      if (!outage && !closing) {
        outage = true;
        log.warn("Cannot deliver the outbox {} to Kafka ({}); {} events wait on disk and are retried",
            outbox.directory(), retriable.toString(), outbox.pendingCount());
      }
    } else if (delivered > 0) {
      lastFailure = null;
      if (outage) {
        outage = false;
        log.info("Kafka reachable again: outbox {} is delivering ({} waiting)", outbox.directory(), outbox.pendingCount());
      }
    }
  }

  /** Waits for an append or close; the check under the lock means no append's signal is missed. */
  private void awaitWork() {
    lock.lock();
    try {
      if (!closing && outbox.pendingCount() == 0) {
        work.awaitNanos(TimeUnit.SECONDS.toNanos(1));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing = true;
    } finally {
      lock.unlock();
    }
  }

  /** Waits out a backoff; only close cuts it short (new appends must not hammer an absent broker). */
  private void awaitBackoff(long nanos) {
    lock.lock();
    try {
      if (!closing) {
        stop.awaitNanos(nanos);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing = true;
    } finally {
      lock.unlock();
    }
  }

  private void signal(Condition condition) {
    lock.lock();
    try {
      condition.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
