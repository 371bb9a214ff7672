package org.countline.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows topics from their beginning for as long as it runs, handing every record to a handler:
 * the gateway's live views of tokens, forces, operations and events. One thread, one consumer,
 * no consumer group (every gateway reads everything, commits nothing).
 *
 * <p>A topic that does not exist yet is looked for again every half second, so a topic created
 * later (the first token) is followed from then on. {@link #isCaughtUp()} turns true once every
 * topic has been read up to the end it had when the follower first found it (or the broker said
 * it does not exist), and stays true. A handler that cannot handle a record yet (the schema
 * registry out of reach) throws {@link RetryLater}: the record is read again after a second,
 * rather than skipped. Records a handler cannot read at all are logged with topic, partition and
 * offset and skipped.
 */
final class TopicFollower implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
  private static final long DISCOVERY_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

  /** Handles one record of a followed topic; a null value is a tombstone. */
  @FunctionalInterface
  interface Handler {
    void handle(ConsumerRecord<String, byte[]> record);
  }

  /** Thrown by a handler that cannot handle the record now but may later. */
  static final class RetryLater extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RetryLater(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final String name;
  private final Properties props;
  private final Map<String, Handler> handlers;
  private final Thread thread;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, byte[]> consumer;

  TopicFollower(String name, String bootstrapServers, Map<String, Object> kafkaProperties, Map<String, Handler> handlers) {
    this.name = name;
    this.handlers = Map.copyOf(handlers);
    this.props = new Properties();
    props.putAll(kafkaProperties);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "countline-gateway-" + name);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    // A token or an operation created while the gateway runs is usable within a second.
    props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    this.thread = new Thread(this::run, "countline-gateway-" + name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    running = false;
    KafkaConsumer<String, byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    stopped.countDown();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("Gateway reader {} did not stop within 10 s", name);
    }
  }

  private void run() {
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer = c;
      follow(c);
    } catch (RuntimeException e) {
      if (running) {
        log.error("Gateway reader {} stopped: {}", name, e.toString(), e);
      }
    }
  }

  private void follow(KafkaConsumer<String, byte[]> c) {
    Set<String> unassigned = new HashSet<>(handlers.keySet());
    Set<String> missing = new HashSet<>();
    Map<TopicPartition, Long> targets = new HashMap<>();
    long nextDiscovery = System.nanoTime();
    boolean outage = false;
    while (running) {
      try {
        if (!unassigned.isEmpty() && System.nanoTime() - nextDiscovery >= 0) {
          discover(c, unassigned, missing, targets);
          nextDiscovery = System.nanoTime() + DISCOVERY_INTERVAL_NANOS;
        }
        if (c.assignment().isEmpty()) {
          checkCaughtUp(c, unassigned, missing, targets);
          pause(200);
          continue;
        }
        ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(200));
        boolean retry = dispatch(c, records);
        checkCaughtUp(c, unassigned, missing, targets);
        if (outage) {
          outage = false;
          log.info("Gateway reader {} reads Kafka again", name);
        }
        if (retry) {
          pause(1_000);
        }
      } catch (WakeupException e) {
        if (running) {
          log.debug("Gateway reader {} woken up", name);
        }
      } catch (KafkaException e) {
        if (!outage) {
          outage = true;
          log.warn("Gateway reader {} cannot read Kafka ({}); retrying", name, e.toString());
        }
        pause(1_000);
      }
    }
  }

  /** Assigns every topic that now exists, from its beginning, and notes its end as the first target. */
  private void discover(KafkaConsumer<String, byte[]> c, Set<String> unassigned, Set<String> missing,
      Map<TopicPartition, Long> targets) {
    for (String topic : List.copyOf(unassigned)) {
      List<PartitionInfo> infos;
      try {
        infos = c.partitionsFor(topic, Duration.ofSeconds(2));
      } catch (TimeoutException e) {
        log.debug("Gateway reader {}: no answer about {} yet", name, topic);
        continue;
      }
      if (infos == null || infos.isEmpty()) {
        missing.add(topic);
        continue;
      }
      List<TopicPartition> partitions = new ArrayList<>();
      infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      Map<TopicPartition, Long> ends;
      try {
        ends = c.endOffsets(partitions, Duration.ofSeconds(2));
      } catch (TimeoutException e) {
        continue;
      }
      Set<TopicPartition> assignment = new HashSet<>(c.assignment());
      assignment.addAll(partitions);
      c.assign(assignment);
      c.seekToBeginning(partitions);
      if (!isCaughtUp()) {
        targets.putAll(ends);
      }
      unassigned.remove(topic);
      missing.remove(topic);
      log.debug("Gateway reader {} follows {} ({} partitions)", name, topic, partitions.size());
    }
  }

  /** Hands the records to their handlers; true when one asked to be retried (its partition is rewound). */
  private boolean dispatch(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
    boolean retry = false;
    for (TopicPartition tp : records.partitions()) {
      Handler handler = handlers.get(tp.topic());
      for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
        try {
          handler.handle(r);
        } catch (RetryLater e) {
          log.warn("Gateway reader {}: cannot read {}-{}@{} yet ({}); trying again", name, r.topic(), r.partition(),
              r.offset(), e.getMessage());
          c.seek(tp, r.offset());
          retry = true;
          break;
        } catch (RuntimeException e) {
          log.warn("Gateway reader {}: skipping unreadable record {}-{}@{}: {}", name, r.topic(), r.partition(),
              r.offset(), e.toString());
        }
      }
    }
    return retry;
  }

  private void checkCaughtUp(KafkaConsumer<String, byte[]> c, Set<String> unassigned, Set<String> missing,
      Map<TopicPartition, Long> targets) {
    if (isCaughtUp() || !missing.containsAll(unassigned)) {
      return;
    }
    for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
      try {
        if (c.position(t.getKey(), Duration.ofMillis(500)) < t.getValue()) {
          return;
        }
      } catch (TimeoutException e) {
        return;
      }
    }
    targets.clear();
    caughtUp.countDown();
    log.info("Gateway reader {} has read {}", name, handlers.keySet());
  }

  private void pause(long millis) {
    try {
      if (stopped.await(millis, TimeUnit.MILLISECONDS)) {
        running = false;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }
}
