package org.countline.streams;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndFailProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the totals topology: configuration, lifecycle and logging. The topology itself is
 * {@link TotalsTopology#build}.
 */
public final class TotalsApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TotalsApp.class);
  public static final String DEFAULT_APPLICATION_ID = "countline-totals";
  /** Commits through a backlog; while keeping up, the topology asks for its own (see CommitGate). */
  static final int COMMIT_INTERVAL_MS = 200;
  /**
   * Stream threads of an instance unless told otherwise. One thread left part of a 2-core machine
   * idle in the benchmark (it waits on polls and commits); with the settings below, two measured
   * 149,000-161,000 events/s under exactly-once against 138,000 with one.
   */
  public static final int DEFAULT_STREAM_THREADS = 2;

  private final KafkaStreams streams;
  private final Topology topology;

  public TotalsApp(Properties config, TotalsSerdes serdes, TopologyOptions options) {
    this.topology = TotalsTopology.build(serdes, options, config);
    this.streams = new KafkaStreams(topology, config);
    streams.setUncaughtExceptionHandler(e -> {
      // Bad input is routed to the rejected topic by the processor; anything thrown here is a
      // fault (broker, bug). Shutting down keeps the totals exact: a restart resumes from the
      // last committed transaction, whereas skipping could lose a valid event.
      log.error("Streams thread failed; shutting this instance down (restart it to resume exactly where it committed)", e);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> log.info("Totals streams {} -> {}", before, now));
  }

  /**
   * The settings Countline relies on, over which {@code overrides} win (files and environment).
   */
  public static Properties config(String bootstrapServers, String stateDir, Properties overrides) {
    Properties p = new Properties();
    p.putAll(overrides);
    p.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
    p.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, stateDir);
    p.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, DEFAULT_STREAM_THREADS);
    // While the stream thread keeps up with the events, the topology asks for its own commits as
    // soon as it emits and as soon as its sums change (see CommitGate): publish to national total
    // took p50 about 50 ms and p99 about 85-140 ms in the benchmark at 1,000 events/s, whatever
    // this interval. It decides only while the thread works through a backlog, where every commit
    // (one transaction, every changelog, repartition and output partition it touched) is paid in
    // throughput: with the batch settings below, 200 ms measured about an eighth more events/s
    // than 100 ms (BENCHMARKS.md), and a burst's figures are still at most a fifth of a second
    // older than the thread's work.
    p.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
    p.putIfAbsent(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    p.putIfAbsent(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
    // Field events arrive as bytes and are checked by the processor, so only reference data
    // and internal topics are deserialised at the source: a corrupt reference record is logged
    // and skipped rather than stopping the week's totals.
    p.putIfAbsent(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    p.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndFailProcessingExceptionHandler.class);
    p.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    p.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // No task needs records of its input partitions in timestamp order across partitions: the
    // events task reads one partition, and the sums of region and national deltas commute. With
    // the default (0), Kafka Streams 4.3 checks every empty partition before each record and
    // builds log strings with String.format as it does, whether or not TRACE is on: that was the
    // largest allocation of the stream thread in the benchmark's profile.
    p.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
    // Through a backlog, fewer and larger batches: the stream thread's producer sends every
    // event's revision to its changelog, and the main consumer hands over up to 5,000 records a
    // poll rather than 1,000. With one request in flight per broker (below), records pile up in
    // the batches anyway while a request is out; under exactly-once a commit flushes them at
    // once, so the linger adds no latency to a committed total. The stream thread's CPU per event
    // fell by a tenth to a fifth in the benchmark (BENCHMARKS.md).
    p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 20);
    p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
    p.putIfAbsent(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 5_000);
    // Under transactions v2 (KIP-890) the broker verifies the first write of each transaction to a
    // partition; a second in-flight batch for that partition arriving meanwhile is refused as out
    // of order and retried after retry.backoff.ms. One request in flight per broker avoids the
    // refusals and their retries, which otherwise cost latency at every commit.
    p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
    // The first write of a transaction to a partition whose previous transaction's markers are
    // still being written is refused with CONCURRENT_TRANSACTIONS and retried after
    // retry.backoff.ms: at the default 100 ms that stalled every commit cycle (measured by the
    // benchmark). Retries back off exponentially from here up to retry.backoff.max.ms (1 s), so
    // a broker outage is not hammered.
    p.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5);
    return p;
  }

  public Topology topology() {
    return topology;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public void start() {
    streams.start();
  }

  /** True once every task is assigned and restored. */
  public boolean isRunning() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /**
   * True once Kafka Streams has stopped after an error (a stream thread failed and the client
   * shut down): this instance counts nothing more until it is restarted.
   */
  public boolean hasFailed() {
    KafkaStreams.State state = streams.state();
    return state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
  }

  /** Whether this instance is doing its work: running, or rebalancing on the way back to it. */
  public boolean isHealthy() {
    KafkaStreams.State state = streams.state();
    return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }

  /**
   * Closes and leaves the consumer group, so that a restarted or remaining instance takes the
   * partitions at once instead of waiting for this member's session to time out.
   */
  public void close(Duration timeout) {
    CloseOptions options = CloseOptions.timeout(timeout)
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    if (!streams.close(options)) {
      log.warn("Totals streams did not close within {}", timeout);
    }
  }
}
