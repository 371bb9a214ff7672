package org.countline.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.internals.KafkaFutureImpl;
import org.junit.jupiter.api.Test;

/** How the registry asks the cluster about its schemas topic just after creating it. */
class SchemaLogTopicTest {
  /** An Admin answer: refused with {@code error} for the first {@code refusals} calls, then {@code value}. */
  private static KafkaFuture<String> answer(AtomicInteger calls, int refusals, RuntimeException error, String value) {
    KafkaFutureImpl<String> future = new KafkaFutureImpl<>();
    if (calls.incrementAndGet() <= refusals) {
      future.completeExceptionally(error);
    } else {
      future.complete(value);
    }
    return future;
  }

  @Test
  void shouldAskAgainWhileTheAnsweringBrokerDoesNotKnowTheTopicYet() throws Exception {
    AtomicInteger calls = new AtomicInteger();

    String answer = SchemaLog.untilTopicKnown("_schemas", Duration.ofSeconds(5),
        () -> answer(calls, 3, new UnknownTopicOrPartitionException("not yet"), "compact"));

    assertThat(answer).isEqualTo("compact");
    assertThat(calls).hasValue(4);
  }

  @Test
  void shouldGiveUpOnAnUnknownTopicAtTheTimeout() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> SchemaLog.untilTopicKnown("_schemas", Duration.ofMillis(300),
            () -> answer(calls, Integer.MAX_VALUE, new UnknownTopicOrPartitionException("never"), "compact")))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    assertThat(calls.get()).isGreaterThan(1);
  }

  @Test
  void shouldNotAskAgainOnAnyOtherError() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(() -> SchemaLog.untilTopicKnown("_schemas", Duration.ofSeconds(5),
            () -> answer(calls, 1, new TopicAuthorizationException("no"), "compact")))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(TopicAuthorizationException.class);
    assertThat(calls).hasValue(1);
  }
}
