package org.countline.replay;

import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.core.ForceInfo;
import org.countline.core.OperationWindow;
import org.countline.streams.Topics;
import org.countline.streams.TotalsReader;
import org.countline.streams.TotalsSerdes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays {@code countline.field-events} into the totals of one operation, with the live
 * topology's rules and core's arithmetic (see {@link ReplayFold}); validates against the
 * operations and forces of {@code countline.operations} and {@code countline.forces} as they are
 * now (read with streams' {@link TotalsReader}).
 *
 * <p>Reads from the first offset, per partition, whose timestamp is at or after the operation's
 * window start minus {@link ReplayOptions#seekMargin()} (found with {@code offsetsForTimes}) up
 * to the end offsets taken when the replay starts, committed records only. It joins no consumer
 * group and commits nothing, so it can run beside the live topology at any time and moves no
 * one's offsets. Keys and values arrive as buffers over the fetched bytes: a record of another
 * operation is dropped by its key without a copy, and only the operation's values are decoded.
 *
 * <p>The partitions are shared out between {@link ReplayOptions#threads()} consumers, each with
 * its own {@link ReplayFold}: the live topology remembers events per partition too, so the folds
 * are independent and their totals simply add up.
 */
public final class Replay {
  private static final Logger log = LoggerFactory.getLogger(Replay.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final String bootstrapServers;
  private final Map<String, ?> registryConfig;
  private final TotalsSerdes serdes;
  private final ReplayOptions options;
  private ReferenceSnapshot reference;

  /**
   * @param registryConfig the serde settings that name the schema registry
   *     ({@code schema.registry.url})
   */
  public Replay(String bootstrapServers, Map<String, ?> registryConfig) {
    this(bootstrapServers, registryConfig, ReplayOptions.defaults());
  }

  public Replay(String bootstrapServers, Map<String, ?> registryConfig, ReplayOptions options) {
    this.bootstrapServers = bootstrapServers;
    this.registryConfig = Map.copyOf(registryConfig);
    this.serdes = TotalsSerdes.fromRegistry(registryConfig);
    this.options = options;
  }

  /** The operations and forces as they are now; read once, on first use, both topics at once. */
  public synchronized ReferenceSnapshot reference() {
    if (reference == null) {
      CompletableFuture<Map<String, Operation>> operations =
          CompletableFuture.supplyAsync(() -> read(Topics.OPERATIONS, serdes.operations().deserializer()));
      Map<String, ForceInfo> forces = new HashMap<>();
      read(Topics.FORCES, serdes.forces().deserializer()).forEach((code, f) -> forces.put(code, ForceInfo.fromAvro(f)));
      try {
        reference = new ReferenceSnapshot(operations.join(), forces);
      } catch (CompletionException e) {
        throw e.getCause() instanceof ReplayException r ? r : new ReplayException(e.getCause().getMessage(), e.getCause());
      }
    }
    return reference;
  }

  private <V> Map<String, V> read(String topic, Deserializer<V> values) {
    try {
      return TotalsReader.latest(bootstrapServers, topic, values, key -> true, options.stallTimeout());
    } catch (IllegalStateException | KafkaException e) {
      throw new ReplayException("cannot read " + topic + ": " + e.getMessage(), e);
    }
  }

  /**
   * Replays one operation; {@code progress} is told, on the calling thread, how many records have
   * been read of how many.
   *
   * @throws ReplayException when the operation is unknown or the log cannot be read
   */
  public ReplayResult run(String operationId, ReplayProgress progress) {
    ReferenceSnapshot ref = reference();
    Operation operation = ref.operation(operationId)
        .orElseThrow(() -> new ReplayException("no operation '" + operationId + "' in " + Topics.OPERATIONS));
    long seekMillis = seekTime(operation);
    List<Worker> workers = new ArrayList<>();
    ExecutorService pool = null;
    try {
      KafkaConsumer<ByteBuffer, ByteBuffer> planner = consumer(operationId, 0);
      List<Share> shares;
      try {
        shares = plan(planner, seekMillis);
      } catch (RuntimeException e) {
        planner.close();
        throw e;
      }
      long total = shares.stream().mapToLong(Share::records).sum();
      log.info("Replaying {} from {} records of {} in {} threads, from {} (its window start minus {}) to the end offsets now",
          operationId, total, Topics.FIELD_EVENTS, shares.size(), Instant.ofEpochMilli(seekMillis), options.seekMargin());
      for (int i = 0; i < shares.size(); i++) {
        // A deserializer per thread, made as the live topology makes its own.
        Deserializer<FieldEvent> events = i == 0 ? serdes.fieldEvents() : TotalsSerdes.fromRegistry(registryConfig).fieldEvents();
        workers.add(new Worker(i == 0 ? planner : consumer(operationId, i), shares.get(i), new ReplayFold(operation, ref, events)));
      }
      long startNanos = System.nanoTime();
      pool = Executors.newFixedThreadPool(workers.size(), r -> {
        Thread t = new Thread(r, "countline-replay-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      List<CompletableFuture<Void>> running = new ArrayList<>();
      for (Worker w : workers) {
        running.add(CompletableFuture.runAsync(w, pool));
      }
      awaitAll(running, workers, total, progress);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
      long read = workers.stream().mapToLong(w -> w.read.sum()).sum();
      progress.update(read, total);
      long early = workers.stream().mapToLong(w -> w.fold.countedBeforeWindow()).sum();
      if (early > 0) {
        log.warn("{} records of {} that counted were stamped before its window opened; events reported more than {} "
                + "before the window would have been missed (see ReplayOptions.seekMargin)", early, operationId, options.seekMargin());
      }
      ReplayResult result = ReplayFold.result(workers.stream().map(w -> w.fold).toList(), read, elapsed);
      log.info("Replayed {}: {} records read in {} ms ({} records/s), {} of the operation, {} counted, {} rejected",
          operationId, read, elapsed.toMillis(), Math.round(result.counts().recordsPerSecond()),
          result.counts().operationRecords(), result.counts().eventsCounted(), result.counts().rejectedTotal());
      return result;
    } catch (KafkaException e) {
      throw new ReplayException("cannot read " + Topics.FIELD_EVENTS + ": " + e.getMessage(), e);
    } finally {
      workers.forEach(w -> w.stop.set(true));
      if (pool != null) {
        pool.shutdown();
        awaitTermination(pool);
      }
      workers.forEach(w -> w.consumer.close(Duration.ofSeconds(5)));
    }
  }

  /** Waits for every worker, telling {@code progress} every tenth of a second; the first failure stops the others. */
  private void awaitAll(List<CompletableFuture<Void>> running, List<Worker> workers, long total, ReplayProgress progress) {
    CompletableFuture<Void> all = CompletableFuture.allOf(running.toArray(CompletableFuture[]::new));
    running.forEach(f -> f.exceptionally(e -> {
      workers.forEach(w -> w.stop.set(true));
      return null;
    }));
    while (true) {
      try {
        all.get(100, TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException e) {
        progress.update(workers.stream().mapToLong(w -> w.read.sum()).sum(), total);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        while (cause instanceof CompletionException && cause.getCause() != null) {
          cause = cause.getCause();
        }
        if (cause instanceof ReplayException r) {
          throw r;
        }
        if (cause instanceof KafkaException k) {
          throw k;
        }
        throw new ReplayException("the replay failed: " + cause, cause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ReplayException("interrupted", e);
      }
    }
  }

  private static void awaitTermination(ExecutorService pool) {
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Replay threads did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Where each partition starts and ends, shared out round-robin between the threads. */
  private List<Share> plan(KafkaConsumer<ByteBuffer, ByteBuffer> consumer, long seekMillis) {
    List<PartitionInfo> infos = consumer.partitionsFor(Topics.FIELD_EVENTS, options.stallTimeout());
    if (infos == null || infos.isEmpty()) {
      throw new ReplayException("topic " + Topics.FIELD_EVENTS + " does not exist at " + bootstrapServers);
    }
    List<TopicPartition> partitions = new ArrayList<>();
    infos.forEach(i -> partitions.add(new TopicPartition(Topics.FIELD_EVENTS, i.partition())));
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, options.stallTimeout());
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(tp -> query.put(tp, seekMillis));
    Map<TopicPartition, OffsetAndTimestamp> first = consumer.offsetsForTimes(query, options.stallTimeout());
    int threads = options.threadsFor(partitions.size());
    List<Share> shares = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      shares.add(new Share(new HashMap<>(), new HashMap<>()));
    }
    for (int i = 0; i < partitions.size(); i++) {
      TopicPartition tp = partitions.get(i);
      long last = end.get(tp);
      OffsetAndTimestamp found = first.get(tp);
      long start = found == null ? last : Math.min(found.offset(), last);
      Share share = shares.get(i % threads);
      share.start().put(tp, start);
      share.end().put(tp, last);
    }
    return shares;
  }

  /** The partitions one thread reads: first offset to read and first offset not to read. */
  private record Share(Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {
    long records() {
      return start.entrySet().stream().mapToLong(e -> end.get(e.getKey()) - e.getValue()).sum();
    }
  }

  /** One consumer and its fold, reading its share of the partitions to their end offsets. */
  private final class Worker implements Runnable {
    final KafkaConsumer<ByteBuffer, ByteBuffer> consumer;
    final Share share;
    final ReplayFold fold;
    final LongAdder read = new LongAdder();
    final AtomicBoolean stop = new AtomicBoolean();

    Worker(KafkaConsumer<ByteBuffer, ByteBuffer> consumer, Share share, ReplayFold fold) {
      this.consumer = consumer;
      this.share = share;
      this.fold = fold;
    }

    @Override
    public void run() {
      List<TopicPartition> partitions = new ArrayList<>(share.start().keySet());
      consumer.assign(partitions);
      Set<TopicPartition> active = new HashSet<>();
      List<TopicPartition> idle = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        consumer.seek(tp, share.start().get(tp));
        if (share.start().get(tp) < share.end().get(tp)) {
          active.add(tp);
        } else {
          idle.add(tp);
        }
      }
      consumer.pause(idle);
      long lastRecordNanos = System.nanoTime();
      while (!active.isEmpty() && !stop.get()) {
        ConsumerRecords<ByteBuffer, ByteBuffer> records = consumer.poll(Duration.ofMillis(100));
        long n = 0;
        for (TopicPartition tp : records.partitions()) {
          long last = share.end().get(tp);
          int partition = tp.partition();
          for (ConsumerRecord<ByteBuffer, ByteBuffer> r : records.records(tp)) {
            if (r.offset() >= last) {
              break;
            }
            n++;
            fold.accept(partition, r.key(), r.value(), r.headers(), r.timestamp());
          }
        }
        read.add(n);
        List<TopicPartition> finished = new ArrayList<>();
        for (TopicPartition tp : active) {
          if (consumer.position(tp) >= share.end().get(tp)) {
            finished.add(tp);
          }
        }
        if (!finished.isEmpty()) {
          finished.forEach(active::remove);
          consumer.pause(finished);
        }
        long now = System.nanoTime();
        if (!records.isEmpty() || !finished.isEmpty()) {
          lastRecordNanos = now;
        } else if (now - lastRecordNanos > options.stallTimeout().toNanos()) {
          throw new ReplayException("no records from " + Topics.FIELD_EVENTS + " for " + options.stallTimeout().toSeconds()
              + " s with " + active.size() + " partitions still to read; is the broker up?");
        }
      }
    }
  }

  /** The operation's window start minus the margin, in epoch milliseconds; 0 when its zone is unknown. */
  private long seekTime(Operation operation) {
    try {
      return Math.max(0, OperationWindow.of(operation).startInstant().minus(options.seekMargin()).toEpochMilli());
    } catch (DateTimeException e) {
      return 0;
    }
  }

  private KafkaConsumer<ByteBuffer, ByteBuffer> consumer(String operationId, int thread) {
    return new KafkaConsumer<>(consumerConfig(operationId, thread), new ByteBufferDeserializer(), new ByteBufferDeserializer());
  }

  /**
   * Settings for reading a long log fast and leaving no trace: no group, no commits, committed
   * records only, large fetches so the consumer spends its time decoding rather than waiting.
   */
  private Properties consumerConfig(String operationId, int thread) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "countline-replay-" + operationId + "-" + thread);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024);
    // Data already in the log fills a fetch at once; only the tail waits, so keep that wait short.
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 25);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, options.fetchBytes());
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Math.max(options.fetchBytes(), 64 * 1024 * 1024));
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    p.put(ConsumerConfig.RECEIVE_BUFFER_CONFIG, 1024 * 1024);
    return p;
  }
}
