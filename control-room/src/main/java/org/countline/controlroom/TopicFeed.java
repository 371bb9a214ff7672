package org.countline.controlroom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.countline.registry.client.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails a set of topics from their beginning for as long as it runs, handing every committed
 * record ({@code read_committed}) to a handler on its own thread. It assigns partitions itself: no
 * consumer group, nothing committed, so every start rebuilds the reader's view from the whole of
 * each topic. Topics and partitions that appear later (a control room started before the topics
 * were created) are picked up within {@link #METADATA_REFRESH}.
 *
 * <p>Meters, tagged {@code consumer=NAME}: {@code countline.controlroom.consumer.lag} per topic
 * (records behind the last stable offset), {@code countline.controlroom.consumer.caught.up},
 * {@code countline.controlroom.records.skipped}, and the Kafka client metrics of its consumer.
 */
final class TopicFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicFeed.class);

  static final Duration METADATA_REFRESH = Duration.ofSeconds(10);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration IDLE_WAIT = Duration.ofSeconds(1);
  private static final Duration FIRST_RETRY = Duration.ofMillis(250);
  private static final Duration MAX_RETRY = Duration.ofSeconds(10);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /** Receives every record, on the feed's thread. */
  interface Handler {
    void handle(ConsumerRecord<String, byte[]> record, TopicFeed feed) throws InterruptedException;
  }

  private final String name;
  private final List<String> topics;
  private final Handler handler;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaClientMetrics clientMetrics;
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final Counter skipped;
  private final Thread thread;
  private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final CountDownLatch closing = new CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Throwable failure;

  /** End offsets found at the first assignment; caught up once every position reaches them. Feed thread only. */
  private Map<TopicPartition, Long> startEnd;

  /**
   * @param name names the thread, the client id ({@code NAME-xxxxxxxx}, unique per instance) and
   *     the meters' {@code consumer} tag
   * @param kafkaProperties extra consumer settings (security, say); the ones the view relies on win
   */
  TopicFeed(String name, String bootstrapServers, Map<String, Object> kafkaProperties, List<String> topics,
      Handler handler, MeterRegistry registry) {
    this.name = name;
    this.topics = List.copyOf(topics);
    this.handler = handler;
    this.registry = registry;
    Map<String, Object> config = new HashMap<>(kafkaProperties);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, name + "-" + UUID.randomUUID().toString().substring(0, 8));
    // Totals are written in transactions: a figure from an aborted one must never be shown.
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // A missing topic is waited for, never created here with a broker's default (non-compacted) policy.
    config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    Tags tags = Tags.of("consumer", name);
    this.clientMetrics = new KafkaClientMetrics(consumer, tags);
    clientMetrics.bindTo(registry);
    for (String topic : this.topics) {
      meters.add(Gauge.builder("countline.controlroom.consumer.lag", this, f -> f.lag(topic))
          .description("Records the control room's consumer is behind the end of a topic")
          .tags(tags.and("topic", topic))
          .register(registry));
    }
    meters.add(Gauge.builder("countline.controlroom.consumer.caught.up", this, f -> f.isCaughtUp() ? 1 : 0)
        .description("1 once the consumer has read every topic to the end it found at start")
        .tags(tags)
        .register(registry));
    this.skipped = Counter.builder("countline.controlroom.records.skipped")
        .description("Records that could not be read (corrupt, unknown schema) and were skipped")
        .tags(tags)
        .register(registry);
    meters.add(skipped);
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  void start() {
    if (closed.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException(name + " can be started once");
    }
    thread.start();
  }

  /** True once every topic has been read to the end offsets it had when this feed started. */
  boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The error that stopped the feed, or null while it runs (or after a clean close). */
  Throwable failure() {
    return failure;
  }

  /** Records behind the last stable offset, summed over the topic's partitions (0 until known). */
  double lag(String topic) {
    long sum = 0;
    for (Map.Entry<TopicPartition, Long> e : lag.entrySet()) {
      if (e.getKey().topic().equals(topic)) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  /**
   * Deserialises the record's value ({@code null} for a tombstone) and hands it to {@code apply}.
   * A registry that does not answer is waited for, with back-off, for as long as the feed runs:
   * skipping would leave a figure out of the view until its key changes again. A record that can
   * never be read (corrupt bytes, an id the registry does not have) is logged, counted and skipped.
   *
   * @return false when the record was skipped (or the feed is closing)
   */
  <T> boolean decode(ConsumerRecord<String, byte[]> record, Deserializer<T> values, Consumer<T> apply)
      throws InterruptedException {
    Duration wait = FIRST_RETRY;
    while (true) {
      T value;
      try {
        value = values.deserialize(record.topic(), record.headers(), record.value());
      } catch (SerializationException e) {
        if (!registryUnavailable(e)) {
          skipped.increment();
          log.error("Skipping record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
          return false;
        }
        log.warn("Schema registry unavailable while reading {}-{}@{}; retrying in {} ms: {}",
            record.topic(), record.partition(), record.offset(), wait.toMillis(), e.getMessage());
        if (closing.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          return false;
        }
        wait = wait.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait.multipliedBy(2);
        continue;
      }
      apply.accept(value);
      return true;
    }
  }

  /** Counts a record skipped by the handler for another reason (no key, say). */
  void skip(ConsumerRecord<String, byte[]> record, String reason) {
    skipped.increment();
    log.warn("Skipping record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
  }

  private static boolean registryUnavailable(SerializationException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SchemaRegistryException r) {
        return r.httpStatus() == SchemaRegistryException.NO_RESPONSE || r.httpStatus() >= 500;
      }
    }
    return false;
  }

  private void run() {
    long nextRefresh = System.nanoTime();
    try {
      while (closing.getCount() > 0) {
        if (System.nanoTime() - nextRefresh >= 0) {
          refreshAssignment();
          nextRefresh = System.nanoTime() + METADATA_REFRESH.toNanos();
        }
        if (consumer.assignment().isEmpty()) {
          // No topic exists yet; nothing to poll (poll refuses an empty assignment).
          closing.await(IDLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
          continue;
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          handler.handle(record, this);
        }
        updateLag();
        checkCaughtUp();
      }
    } catch (WakeupException e) {
      log.debug("{} woken up to close", name);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failure = e;
      log.error("{} stopped: {}; the control room no longer follows its topics (restart it)", name, e.toString(), e);
    } finally {
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    }
  }

  private void refreshAssignment() {
    Map<String, List<PartitionInfo>> existing;
    try {
      existing = consumer.listTopics(REQUEST_TIMEOUT);
    } catch (TimeoutException e) {
      log.warn("{}: Kafka did not list topics within {} s; trying again", name, REQUEST_TIMEOUT.toSeconds());
      return;
    }
    Set<TopicPartition> wanted = new HashSet<>();
    for (String topic : topics) {
      List<PartitionInfo> partitions = existing.get(topic);
      if (partitions != null) {
        partitions.forEach(p -> wanted.add(new TopicPartition(topic, p.partition())));
      }
    }
    Set<TopicPartition> assigned = consumer.assignment();
    if (!wanted.equals(assigned)) {
      Set<TopicPartition> added = new HashSet<>(wanted);
      added.removeAll(assigned);
      consumer.assign(wanted);
      consumer.seekToBeginning(added);
      log.info("{} reads {} partition(s) of {} from the beginning", name, wanted.size(), topics);
    }
    if (startEnd == null) {
      try {
        startEnd = wanted.isEmpty() ? Map.of() : consumer.endOffsets(wanted, REQUEST_TIMEOUT);
      } catch (TimeoutException e) {
        log.warn("{}: Kafka did not give end offsets within {} s; trying again", name, REQUEST_TIMEOUT.toSeconds());
      }
      checkCaughtUp();
    }
  }

  private void updateLag() {
    for (TopicPartition tp : consumer.assignment()) {
      consumer.currentLag(tp).ifPresent(l -> lag.put(tp, l));
    }
  }

  private void checkCaughtUp() {
    if (isCaughtUp() || startEnd == null) {
      return;
    }
    for (Map.Entry<TopicPartition, Long> e : startEnd.entrySet()) {
      try {
        if (consumer.position(e.getKey(), REQUEST_TIMEOUT) < e.getValue()) {
          return;
        }
      } catch (TimeoutException timeout) {
        return;
      }
    }
    caughtUp.countDown();
    log.info("{} caught up with {}", name, topics);
  }

  /** Stops the thread and closes the consumer; removes this feed's meters. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closing.countDown();
    if (started.get()) {
      consumer.wakeup();
      try {
        thread.join(CLOSE_TIMEOUT.multipliedBy(2).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        log.warn("{} did not stop within {} s", name, CLOSE_TIMEOUT.multipliedBy(2).toSeconds());
      }
    } else {
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    }
    clientMetrics.close();
    meters.forEach(registry::remove);
  }
}
