package org.countline.producers.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.countline.avro.FieldEvent;
import org.countline.producers.FieldEventPublisher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxPublisherTest {
  private static final OutboxPublisher.Options FAST =
      OutboxPublisher.Options.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(20));

  @TempDir Path dir;

  private OutboxPublisher open(ScriptedProducer producer) throws IOException {
    return OutboxPublisher.open(dir, new FieldEventPublisher(producer), FAST);
  }

  private static List<FieldEvent> sent(ScriptedProducer producer) {
    return producer.history().stream().map(ProducerRecord::value).toList();
  }

  @Test
  void shouldCompleteTheFutureOnlyAfterKafkaAcknowledges() throws Exception {
    ScriptedProducer producer = new ScriptedProducer(false);
    try (OutboxPublisher outbox = open(producer)) {
      CompletableFuture<RecordMetadata> result = outbox.publish(OutboxEvents.arrest(1));
      assertThat(producer.attempts.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
      assertThat(result).isNotDone();
      assertThat(outbox.pending()).isEqualTo(1);

      assertThat(producer.completeNext()).isTrue();
      RecordMetadata ack = result.get(5, TimeUnit.SECONDS);
      assertThat(ack.topic()).isEqualTo(FieldEventPublisher.TOPIC);
      assertThat(outbox.awaitDelivered(Duration.ofSeconds(5))).isTrue();
    }
    try (Outbox store = Outbox.open(dir)) {
      assertThat(store.pendingCount()).as("marked delivered on disk").isZero();
    }
  }

  @Test
  void shouldStoreTheEventOnDiskBeforePublishReturns() throws Exception {
    ScriptedProducer producer = new ScriptedProducer(false);
    OutboxPublisher outbox = open(producer);
    outbox.publish(OutboxEvents.seizure(7));
    // Read the files as another process would, while the first still waits for Kafka.
    Path copy = Files.createTempDirectory("outbox-copy");
    Files.copy(dir.resolve(Outbox.EVENTS_FILE), copy.resolve(Outbox.EVENTS_FILE));
    try (Outbox store = Outbox.open(copy)) {
      assertThat(store.pending()).extracting(OutboxEntry::event).containsExactly(OutboxEvents.seizure(7));
    } finally {
      outbox.close();
    }
  }

  @Test
  void shouldDeliverTheEventsLeftFromBeforeWhenOpened() throws Exception {
    try (Outbox store = Outbox.open(dir)) {
      store.appendAll(List.of(OutboxEvents.arrest(1), OutboxEvents.seizure(2), OutboxEvents.arrest(3)));
      store.markDelivered(List.of(0L));
    }
    ScriptedProducer producer = new ScriptedProducer(true);
    try (OutboxPublisher outbox = open(producer)) {
      assertThat(outbox.recovery().pending()).isEqualTo(2);
      assertThat(outbox.awaitDelivered(Duration.ofSeconds(5))).isTrue();
    }
    assertThat(sent(producer)).containsExactly(OutboxEvents.seizure(2), OutboxEvents.arrest(3));
    assertThat(producer.history()).allSatisfy(r -> assertThat(r.key()).isEqualTo("cliw-2022-10/kent"));
  }

  @Test
  void shouldRetryWhileKafkaIsAwayAndThenDeliverEverythingInOrder() throws Exception {
    ScriptedProducer producer = new ScriptedProducer(true).failNext(3, new TimeoutException("broker away"));
    try (OutboxPublisher outbox = open(producer)) {
      List<CompletableFuture<RecordMetadata>> results = List.of(
          outbox.publish(OutboxEvents.arrest(1)), outbox.publish(OutboxEvents.arrest(2)),
          outbox.publish(OutboxEvents.seizure(3)), outbox.publish(OutboxEvents.arrest(4)));
      for (CompletableFuture<RecordMetadata> r : results) {
        assertThat(r.get(5, TimeUnit.SECONDS)).isNotNull();
      }
      assertThat(outbox.pending()).isZero();
      assertThat(outbox.lastFailure()).isNull();
    }
    assertThat(sent(producer)).containsExactly(
        OutboxEvents.arrest(1), OutboxEvents.arrest(2), OutboxEvents.seizure(3), OutboxEvents.arrest(4));
  }

  @Test
  void shouldStopABatchAtTheFirstFailureRatherThanWaitOnEveryEvent() throws Exception {
    ScriptedProducer producer = new ScriptedProducer(true).failAll(true);
    try (Outbox store = Outbox.open(dir)) {
      for (int i = 0; i < 50; i++) {
        store.append(OutboxEvents.arrest(i));
      }
    }
    try (OutboxPublisher outbox = open(producer)) {
      // Two rounds of delivery against an absent broker...
      assertThat(producer.attempts.tryAcquire(2, 5, TimeUnit.SECONDS)).isTrue();
      assertThat(outbox.lastFailure()).isInstanceOf(TimeoutException.class);
      producer.failAll(false);
      assertThat(outbox.awaitDelivered(Duration.ofSeconds(5))).isTrue();
    }
    // ...each tried one send, not fifty (a round that went on would fail in fifties); then all
    // fifty went, once each.
    assertThat(producer.failed.get()).isBetween(2, 10);
    assertThat(sent(producer)).hasSize(50).doesNotHaveDuplicates();
  }

  @Test
  void shouldSetAsideAnEventKafkaRefusesForGoodAndDeliverTheRest() throws Exception {
    FieldEvent tooBig = OutboxEvents.seizure(2);
    ScriptedProducer producer = new ScriptedProducer(true)
        .failFor(e -> e.getEventId().equals(tooBig.getEventId()) ? new RecordTooLargeException("too big") : null);
    try (OutboxPublisher outbox = open(producer)) {
      CompletableFuture<RecordMetadata> first = outbox.publish(OutboxEvents.arrest(1));
      CompletableFuture<RecordMetadata> refused = outbox.publish(tooBig);
      CompletableFuture<RecordMetadata> third = outbox.publish(OutboxEvents.arrest(3));
      assertThatThrownBy(() -> refused.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(RecordTooLargeException.class);
      assertThat(first.get(5, TimeUnit.SECONDS)).isNotNull();
      assertThat(third.get(5, TimeUnit.SECONDS)).isNotNull();
      assertThat(outbox.awaitDelivered(Duration.ofSeconds(5))).isTrue();
    }
    assertThat(sent(producer)).containsExactly(OutboxEvents.arrest(1), OutboxEvents.arrest(3));
    assertThat(Files.readString(dir.resolve(Outbox.UNDELIVERABLE_FILE))).contains(tooBig.getEventId()).contains("too big");
  }

  @Test
  void shouldKeepEventsOnDiskWhenClosedBeforeKafkaComesBack() throws Exception {
    ScriptedProducer producer = new ScriptedProducer(true).failAll(true);
    CompletableFuture<RecordMetadata> result;
    try (OutboxPublisher outbox = open(producer)) {
      result = outbox.publish(OutboxEvents.arrest(1));
      outbox.publish(OutboxEvents.seizure(2));
      assertThat(producer.attempts.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    }
    assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sent when the outbox is opened again");

    ScriptedProducer back = new ScriptedProducer(true);
    try (OutboxPublisher outbox = open(back)) {
      assertThat(outbox.awaitDelivered(Duration.ofSeconds(5))).isTrue();
    }
    assertThat(sent(back)).containsExactly(OutboxEvents.arrest(1), OutboxEvents.seizure(2));
  }

  @Test
  void shouldRefuseToPublishAfterCloseAndCloseOnlyOnce() throws Exception {
    ScriptedProducer producer = new ScriptedProducer(true);
    OutboxPublisher outbox = open(producer);
    outbox.close();
    outbox.close();
    assertThat(producer.closed()).isTrue();
    assertThatThrownBy(() -> outbox.publish(OutboxEvents.arrest(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
