package org.countline.controlroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SseSessionTest {
  @Test
  void shouldHandOutEventsInTheOrderTheyCame() throws InterruptedException {
    SseSession session = new SseSession("op-1", 10);
    session.changed(new StreamEvent("national", "1"));
    session.changed(new StreamEvent("force", "2"));

    assertThat(session.next(Duration.ofMillis(10))).isEqualTo(new StreamEvent("national", "1"));
    assertThat(session.next(Duration.ofMillis(10))).isEqualTo(new StreamEvent("force", "2"));
    assertThat(session.next(Duration.ofMillis(10))).isNull();
    assertThat(session.ended()).isFalse();
  }

  @Test
  void shouldEndASessionThatFallsTooFarBehind() {
    SseSession session = new SseSession("op-1", 2);
    session.changed(new StreamEvent("national", "1"));
    session.changed(new StreamEvent("national", "2"));

    session.changed(new StreamEvent("national", "3"));

    assertThat(session.ended()).isTrue();
  }

  @Test
  void shouldEndWhenToldEvenWithEventsQueued() throws InterruptedException {
    SseSession session = new SseSession("op-1", 10);
    session.changed(new StreamEvent("national", "1"));

    session.end();

    assertThat(session.ended()).isTrue();
    assertThat(session.next(Duration.ofMillis(10))).isNotNull();
    assertThat(session.next(Duration.ofMillis(10))).isNull();
  }
}
