package org.countline.streams;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.state.KeyValueStore;
import org.countline.core.EventState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a task's latest revisions (the {@link TotalsTopology#EVENT_REVISIONS_STORE} store) by
 * reading its partition of the events topic from the start up to the last offset it committed,
 * deciding every record again as the processor did, with the reference data it read then (see
 * {@link RebuildLog}).
 *
 * <p>This replaces a changelog record per event: the events topic is kept forever and is already
 * this task's input, as Kafka Streams reads a source table from its own topic. The totals are
 * restored from their changelogs to the same commit, so the rebuilt revisions match them: an
 * amendment after a restart subtracts exactly what the event added before. The read uses Kafka
 * Streams' restore-consumer settings (security, and {@code read_committed} under exactly-once).
 */
final class RevisionRebuild {
  private static final Logger log = LoggerFactory.getLogger(RevisionRebuild.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
  /** Without a record for this long, the partition is not readable: the task fails and is retried. */
  static final Duration STALL_LIMIT = Duration.ofMinutes(2);

  private RevisionRebuild() {}

  /**
   * Replays offsets 0 to {@code upTo} of {@code partition} into {@code revisions}; returns the
   * number of revisions stored.
   */
  static long run(Map<String, Object> appConfigs, TaskId task, TopicPartition partition, long upTo,
      EventJudge judge, RebuildLog.Replay reads, KeyValueStore<String, EventState> revisions) {
    long started = System.nanoTime();
    log.info("Task {}: rebuilding the event revisions from {} (offsets 0 to {})", task, partition, upTo);
    long stored = 0;
    long records = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
        consumerConfig(appConfigs, task), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long lastProgress = System.nanoTime();
      long lastReport = lastProgress;
      while (consumer.position(partition) <= upTo) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
        long now = System.nanoTime();
        if (batch.isEmpty()) {
          if (now - lastProgress > STALL_LIMIT.toNanos()) {
            throw new StreamsException("Task " + task + ": no record of " + partition + " for " + STALL_LIMIT.toSeconds()
                + " s while rebuilding the event revisions, at offset " + consumer.position(partition) + " of " + upTo);
          }
          continue;
        }
        lastProgress = now;
        for (ConsumerRecord<byte[], byte[]> record : batch.records(partition)) {
          if (record.offset() > upTo) {
            break;
          }
          records++;
          reads.advanceTo(record.offset());
          String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
          EventJudge.Verdict verdict = judge.judge(key, record.headers(), record.value(), reads, revisions);
          if (!verdict.isRefused() && verdict.decision().outcome().changesTotals()) {
            if (verdict.decision().previous() == null) {
              stored++;
            }
            revisions.put(verdict.event().getEventId(), verdict.decision().next());
          }
        }
        if (now - lastReport > PROGRESS_EVERY.toNanos()) {
          log.info("Task {}: rebuilding the event revisions, offset {} of {}", task, consumer.position(partition), upTo);
          lastReport = now;
        }
      }
    }
    log.info("Task {}: rebuilt {} event revisions from {} records of {} in {} ms", task, stored, records, partition,
        (System.nanoTime() - started) / 1_000_000);
    return stored;
  }

  private static Map<String, Object> consumerConfig(Map<String, Object> appConfigs, TaskId task) {
    String clientId = appConfigs.get(StreamsConfig.APPLICATION_ID_CONFIG) + "-revision-rebuild-" + task;
    // The protected constructor, through a subclass, so that each rebuild does not log the whole
    // Kafka Streams configuration again.
    Map<String, Object> config = new StreamsConfig(appConfigs, false) {}.getRestoreConsumerConfigs(clientId);
    // The read ends at a known offset, often the end of the partition, where a fetch would wait
    // this long for more, and closing the consumer waits for that fetch: half a second a task.
    config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    return config;
  }
}
