package org.countline.bench.flink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.countline.avro.Totals;
import org.countline.core.Tally;
import org.countline.registry.serde.SpecificAvroDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM that {@link FlinkPeer} starts: runs {@link FlinkTotalsJob} on a local mini cluster and
 * measures it by the benchmark's rule, from the job running to the first national total of the
 * operation on {@value FlinkTotalsJob#NATIONAL_TOPIC} (read_committed) with the expected figures.
 * Then stops the job with a savepoint, so that its last transactions commit rather than linger,
 * counts the records it wrote to both totals topics, and writes the figures to the result file.
 *
 * <p>Arguments are {@code name=value}: bootstrap, registry, operation, expected (the 28 metrics,
 * comma-separated, in {@code Metric} order), timeoutMillis, emitEveryMillis, workDir, resultFile.
 * Exits when its standard input closes, so that it never outlives the JVM that started it.
 */
final class FlinkPeerMain {
  private static final Logger log = LoggerFactory.getLogger(FlinkPeerMain.class);
  static final String INPUT_RECORDS = "inputRecords";
  static final String SECONDS = "seconds";
  static final String FORCE_RECORDS = "forceRecords";
  static final String NATIONAL_RECORDS = "nationalRecords";
  static final String CPU_SECONDS = "cpuSeconds";
  static final int OUTPUT_PARTITIONS = 6;

  private FlinkPeerMain() {}

  public static void main(String[] args) {
    exitWhenParentGoes(System.in);
    try {
      Map<String, String> a = arguments(args);
      Properties result = run(a);
      try (OutputStream out = Files.newOutputStream(Path.of(a.get("resultFile")))) {
        result.store(out, "countline bench-flink");
      }
      System.exit(0);
    } catch (Exception | Error e) {
      log.error("The Flink peer failed: {}", e.toString(), e);
      System.exit(1);
    }
  }

  static Map<String, String> arguments(String[] args) {
    Map<String, String> out = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("expected name=value, got " + arg);
      }
      out.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    for (String required : List.of("bootstrap", "registry", "operation", "expected", "timeoutMillis", "emitEveryMillis",
        "workDir", "resultFile")) {
      if (!out.containsKey(required)) {
        throw new IllegalArgumentException("missing argument " + required);
      }
    }
    return out;
  }

  private static void exitWhenParentGoes(InputStream in) {
    Thread watch = new Thread(() -> {
      try {
        while (in.read() >= 0) {
          // Nothing is sent; the stream only ends, when the parent closes it or dies.
        }
      } catch (IOException e) {
        log.warn("Lost the parent's pipe: {}", e.toString());
      }
      log.warn("The benchmark that started this Flink peer has gone; stopping");
      Runtime.getRuntime().halt(2);
    }, "parent-watch");
    watch.setDaemon(true);
    watch.start();
  }

  private static Properties run(Map<String, String> a) throws Exception {
    String bootstrap = a.get("bootstrap");
    String operation = a.get("operation");
    Tally expected = Tally.of(Arrays.stream(a.get("expected").split(",")).mapToLong(Long::parseLong).toArray(), 0);
    long deadline = System.nanoTime() + Duration.ofMillis(Long.parseLong(a.get("timeoutMillis"))).toNanos();
    Path workDir = Path.of(a.get("workDir"));

    ensureTopics(bootstrap);
    long inputRecords = records(bootstrap, FlinkTotalsJob.EVENTS_TOPIC);
    Map<TopicPartition, Long> nationalFrom = endOffsets(bootstrap, FlinkTotalsJob.NATIONAL_TOPIC);
    Map<TopicPartition, Long> forceFrom = endOffsets(bootstrap, FlinkTotalsJob.FORCE_TOPIC);

    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(
        FlinkTotalsJob.PARALLELISM, FlinkTotalsJob.configuration(workDir.resolve("checkpoints").toUri().toString()));
    FlinkTotalsJob.build(env, new FlinkTotalsJob.Settings(bootstrap, a.get("registry"), UUID.randomUUID().toString(),
        Long.parseLong(a.get("emitEveryMillis"))));
    JobClient job = env.executeAsync("countline-bench-flink");
    try {
      awaitRunning(job, deadline);
      long start = System.nanoTime();
      long cpuStart = cpuNanos();
      awaitTotals(job, bootstrap, a.get("registry"), nationalFrom, operation, expected, deadline);
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuSeconds = (cpuNanos() - cpuStart) / 1e9;
      log.info("National totals of {} matched after {} s ({} input records)", operation, String.format("%.2f", seconds),
          inputRecords);
      stop(job, workDir);
      Properties result = new Properties();
      result.setProperty(INPUT_RECORDS, Long.toString(inputRecords));
      result.setProperty(SECONDS, Double.toString(seconds));
      result.setProperty(CPU_SECONDS, Double.toString(cpuSeconds));
      result.setProperty(FORCE_RECORDS, Long.toString(committedSince(bootstrap, FlinkTotalsJob.FORCE_TOPIC, forceFrom)));
      result.setProperty(NATIONAL_RECORDS, Long.toString(committedSince(bootstrap, FlinkTotalsJob.NATIONAL_TOPIC, nationalFrom)));
      return result;
    } catch (Exception | Error e) {
      job.cancel();
      throw e;
    }
  }

  /** CPU time used by this whole JVM so far: the job, its Kafka clients and the follower. */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void ensureTopics(String bootstrap) throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      for (String topic : List.of(FlinkTotalsJob.FORCE_TOPIC, FlinkTotalsJob.NATIONAL_TOPIC)) {
        try {
          admin.createTopics(List.of(new NewTopic(topic, OUTPUT_PARTITIONS, (short) 1))).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }

  private static void awaitRunning(JobClient job, long deadline) throws Exception {
    while (true) {
      JobStatus status = job.getJobStatus().get();
      if (status == JobStatus.RUNNING) {
        return;
      }
      failIfOver(job, status);
      if (System.nanoTime() > deadline) {
        throw new TimeoutException("the Flink job did not start in time: " + status);
      }
      Thread.sleep(10);
    }
  }

  private static void failIfOver(JobClient job, JobStatus status) throws Exception {
    if (status.isGloballyTerminalState()) {
      try {
        job.getJobExecutionResult().get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("the Flink job ended " + status + ": " + rootCause(e), e);
      }
      throw new IllegalStateException("the Flink job ended " + status + " before the totals were reached");
    }
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.toString();
  }

  /**
   * Follows the national topic until the operation's totals have the expected figures. The
   * expected figures are the final ones, so the newest record of a poll is the one to compare.
   */
  private static void awaitTotals(JobClient job, String bootstrap, String registry, Map<TopicPartition, Long> from,
      String operation, Tally expected, long deadline) throws Exception {
    SpecificAvroDeserializer<Totals> values = new SpecificAvroDeserializer<>(Totals.class);
    values.configure(Map.of("schema.registry.url", registry), false);
    Properties config = consumerConfig(bootstrap);
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
      long nextStatusCheck = 0;
      while (System.nanoTime() < deadline) {
        // One update per event arrives here: only the operation's newest record of each poll is
        // decoded, or the follower would cost the job's JVM as much as a stage of the job.
        byte[] newest = null;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(20))) {
          if (operation.equals(r.key()) && r.value() != null) {
            newest = r.value();
          }
        }
        if (newest != null && Tally.fromAvro(values.deserialize(FlinkTotalsJob.NATIONAL_TOPIC, newest)).sameFigures(expected)) {
          return;
        }
        if (System.nanoTime() > nextStatusCheck) {
          failIfOver(job, job.getJobStatus().get());
          nextStatusCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        }
      }
      throw new TimeoutException("the national totals of " + operation + " did not reach the expected figures in time");
    }
  }

  /** Stops with a savepoint: the sinks commit their open transactions, nothing is left to time out. */
  private static void stop(JobClient job, Path workDir) {
    try {
      job.stopWithSavepoint(false, workDir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
          .get(2, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the Flink job", e);
    } catch (ExecutionException | TimeoutException e) {
      // The figures are measured already; only the count of output records may then miss the
      // last checkpoint's records.
      log.warn("Stopping the Flink job with a savepoint failed ({}); cancelling it", e.toString());
      job.cancel();
    }
  }

  static Properties consumerConfig(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return p;
  }

  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> out = new ArrayList<>();
    for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
      out.add(new TopicPartition(topic, info.partition()));
    }
    return out;
  }

  private static Map<TopicPartition, Long> endOffsets(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = bytesConsumer(bootstrap)) {
      return consumer.endOffsets(partitions(consumer, topic));
    }
  }

  /** Records in {@code topic} now (offsets, which equal records on a topic written without transactions). */
  private static long records(String bootstrap, String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = bytesConsumer(bootstrap)) {
      List<TopicPartition> parts = partitions(consumer, topic);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      return parts.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
    }
  }

  /** Committed records in {@code topic} from {@code from} to its end now; transaction markers are not records. */
  private static long committedSince(String bootstrap, String topic, Map<TopicPartition, Long> from) {
    try (KafkaConsumer<byte[], byte[]> consumer = bytesConsumer(bootstrap)) {
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
      Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet());
      long count = 0;
      while (!caughtUp(consumer, end)) {
        count += consumer.poll(Duration.ofMillis(100)).count();
      }
      return count;
    }
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static KafkaConsumer<byte[], byte[]> bytesConsumer(String bootstrap) {
    return new KafkaConsumer<>(consumerConfig(bootstrap), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
