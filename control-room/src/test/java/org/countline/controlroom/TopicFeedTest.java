package org.countline.controlroom;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.countline.registry.client.SchemaRegistryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a feed reads values: waiting out a registry that does not answer, skipping what can never be read. */
class TopicFeedTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  // No broker is contacted: decode() is called directly, and the feed is never started.
  private final TopicFeed feed = new TopicFeed("test-feed", "localhost:1", Map.of(), List.of("some.topic"),
      (record, f) -> { }, registry);
  private final ConsumerRecord<String, byte[]> record = new ConsumerRecord<>("some.topic", 0, 42L, "key", new byte[] {0, 0, 0, 0, 1});

  @AfterEach
  void close() {
    feed.close();
  }

  @Test
  void shouldWaitForARegistryThatDoesNotAnswerAndThenApplyTheValue() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    Deserializer<String> flaky = (topic, data) -> {
      if (calls.incrementAndGet() <= 2) {
        throw new SerializationException("cannot fetch writer schema",
            new SchemaRegistryException(SchemaRegistryException.NO_RESPONSE, 0, "connection refused"));
      }
      return "value";
    };
    List<String> applied = new ArrayList<>();

    boolean read = feed.decode(record, flaky, applied::add);

    assertThat(read).isTrue();
    assertThat(applied).containsExactly("value");
    assertThat(calls.get()).isEqualTo(3);
    assertThat(registry.get("countline.controlroom.records.skipped").counter().count()).isZero();
  }

  @Test
  void shouldSkipAndCountARecordThatCanNeverBeRead() throws InterruptedException {
    Deserializer<String> corrupt = (topic, data) -> {
      throw new SerializationException("unknown magic byte 0x01");
    };
    List<String> applied = new ArrayList<>();

    boolean read = feed.decode(record, corrupt, applied::add);

    assertThat(read).isFalse();
    assertThat(applied).isEmpty();
    assertThat(registry.get("countline.controlroom.records.skipped").counter().count()).isEqualTo(1);
  }

  @Test
  void shouldGiveATombstoneToTheHandlerAsNull() throws InterruptedException {
    List<String> applied = new ArrayList<>();
    ConsumerRecord<String, byte[]> tombstone = new ConsumerRecord<>("some.topic", 0, 43L, "key", null);

    feed.decode(tombstone, (topic, data) -> data == null ? null : "value", applied::add);

    assertThat(applied).containsExactly((String) null);
  }

  @Test
  void shouldStopWaitingForTheRegistryOnceClosed() throws InterruptedException {
    Deserializer<String> down = (topic, data) -> {
      throw new SerializationException("cannot fetch writer schema",
          new SchemaRegistryException(503, 50001, "store error"));
    };
    feed.close();

    boolean read = feed.decode(record, down, value -> { });

    assertThat(read).isFalse();
    assertThat(registry.find("countline.controlroom.consumer.lag").meters()).as("meters removed on close").isEmpty();
  }
}
