package org.countline.bench;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.countline.streams.TotalsReader;

/** Small measuring tools shared by the benchmark's steps. */
final class Measure {
  private Measure() {}

  static Properties readerConfig(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1 << 20);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 << 20);
    return p;
  }

  static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> out = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
      out.add(new TopicPartition(topic, info.partition()));
    }
    return out;
  }

  /**
   * Reads {@code topic} from the beginning to its current end, handing each record's value
   * bytes to {@code each}; returns the number of records read.
   */
  static long readAll(String bootstrap, String topic, BiConsumer<String, byte[]> each) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(readerConfig(bootstrap), new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = partitions(consumer, topic);
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long count = 0;
      while (!TotalsReader.caughtUp(consumer, end)) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          each.accept(r.key(), r.value());
          count++;
        }
      }
      return count;
    }
  }

  /** The end offsets of {@code topic} now: where a later follower starts to see only new records. */
  static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(readerConfig(bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      return consumer.endOffsets(partitions(consumer, topic));
    }
  }

  /**
   * When ({@link System#nanoTime()}) a record with {@code key} and a value that is {@code done}
   * was first read from {@code topic} after the offsets {@code from}; empty if none within {@code timeout}.
   */
  static <V> OptionalLong firstValue(
      String bootstrap, String topic, Map<TopicPartition, Long> from, String key, Deserializer<V> values, Predicate<V> done,
      Duration timeout) {
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(followerConfig(bootstrap), new StringDeserializer(), values)) {
      List<TopicPartition> parts = partitions(consumer, topic);
      consumer.assign(parts);
      parts.forEach(tp -> consumer.seek(tp, from.getOrDefault(tp, 0L)));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(20))) {
          if (key.equals(r.key()) && r.value() != null && done.test(r.value())) {
            return OptionalLong.of(System.nanoTime());
          }
        }
      }
      return OptionalLong.empty();
    }
  }

  /** A consumer that answers quickly: small fetch waits, for latency and completion checks. */
  static Properties followerConfig(String bootstrap) {
    Properties p = readerConfig(bootstrap);
    p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    return p;
  }

  /**
   * The records the stream threads of {@code streams} have processed so far, from Kafka Streams'
   * own {@code process-total} of each thread.
   */
  static long processedRecords(KafkaStreams streams) {
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
      if (metric.getKey().group().equals("stream-thread-metrics") && metric.getKey().name().equals("process-total")
          && metric.getValue().metricValue() instanceof Double processed) {
        total += processed;
      }
    }
    return (long) total;
  }

  /** Peak resident memory of this process (VmHWM), in bytes; -1 where /proc is not there. */
  static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /**
   * CPU time used so far by the named threads and by the whole process, and the time the JIT
   * compiler and the garbage collectors have taken (milliseconds; -1 where the JVM does not say).
   */
  record CpuSnapshot(long threadNanos, long processNanos, long jitMillis, long gcMillis) {}

  /** The JIT compiler's time so far, in milliseconds; -1 where the JVM does not say. */
  static long jitMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
  }

  static CpuSnapshot cpu(Set<String> threadNames) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (threadNames.contains(t.getName())) {
        long nanos = threads.getThreadCpuTime(t.getId());
        if (nanos > 0) {
          sum += nanos;
        }
      }
    }
    long process = ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    return new CpuSnapshot(sum, process, jitMillis(), gcMillis);
  }
}
