package org.countline.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CommitGateTest {
  // Far from any other test's clock: the gate is per thread and JUnit runs tests on one thread.
  private static final long T = 9_000_000_000_000L;

  private static CommitGate gate() {
    return new CommitGate(Duration.ofMillis(10), Duration.ofMillis(200));
  }

  @Test
  void shouldLetOneRequestThroughPerGapWhileTheThreadKeepsUp() {
    CommitGate gate = gate();
    gate.recordProcessed(T, T - 30);
    assertThat(gate.mayCommit(T)).isTrue();
    gate.recordProcessed(T + 5, T);
    assertThat(gate.mayCommit(T + 9)).isFalse();
    assertThat(gate.mayCommit(T + 10)).isTrue();
    assertThat(gate.mayCommit(T + 30)).as("nothing processed or summed since").isFalse();
  }

  @Test
  void shouldAskForSumsOnlyWhenASumChanged() {
    CommitGate gate = gate();
    gate.recordProcessed(T + 1_000, T + 1_000);
    assertThat(gate.mayCommitForSums(T + 1_000)).as("events alone wait for the emission").isFalse();
    CommitGate.sumChanged();
    assertThat(gate.mayCommitForSums(T + 1_000)).isTrue();
    CommitGate.sumChanged();
    assertThat(gate.mayCommitForSums(T + 1_005)).as("within the gap").isFalse();
    assertThat(gate.mayCommitForSums(T + 1_010)).isTrue();
    assertThat(gate.mayCommitForSums(T + 1_020)).as("committed").isFalse();
  }

  @Test
  void shouldNotAskWhileTheThreadIsBehindUntilItHasHadNoEventsForAsLong() {
    CommitGate gate = gate();
    gate.recordProcessed(T + 2_000, T + 2_000 - 201);
    CommitGate.sumChanged();
    assertThat(gate.mayCommit(T + 2_000)).isFalse();
    assertThat(gate.mayCommitForSums(T + 2_100)).isFalse();
    assertThat(gate.mayCommit(T + 2_199)).isFalse();
    assertThat(gate.mayCommit(T + 2_200)).as("no event for 200 ms: caught up").isTrue();
    gate.recordProcessed(T + 2_300, T + 2_300 - 200);
    assertThat(gate.mayCommit(T + 2_300)).as("200 ms after publishing is not behind").isTrue();
  }

  @Test
  void shouldShareTheGateBetweenProcessorsOfOneThread() {
    CommitGate events = gate();
    CommitGate other = gate();
    events.recordProcessed(T + 3_000, T + 3_000);
    assertThat(events.mayCommit(T + 3_000)).isTrue();
    other.recordProcessed(T + 3_001, T + 3_001);
    assertThat(other.mayCommit(T + 3_001)).as("another task of the thread has just committed").isFalse();
    assertThat(other.mayCommit(T + 3_010)).isTrue();
  }

  @Test
  void shouldKeepThreadsApart() throws InterruptedException {
    CommitGate gate = gate();
    gate.recordProcessed(T + 4_000, T + 4_000);
    assertThat(gate.mayCommit(T + 4_000)).isTrue();
    AtomicBoolean otherThread = new AtomicBoolean();
    Thread thread = new Thread(() -> {
      gate.recordProcessed(T + 4_001, T + 4_001);
      otherThread.set(gate.mayCommit(T + 4_001));
    });
    thread.start();
    thread.join();
    assertThat(otherThread).isTrue();
    gate.recordProcessed(T + 4_001, T + 4_001);
    assertThat(gate.mayCommit(T + 4_001)).isFalse();
  }

  @Test
  void shouldOpenWhenTheClockGoesBack() {
    CommitGate gate = gate();
    gate.recordProcessed(T + 5_000, T + 5_000);
    assertThat(gate.mayCommit(T + 5_000)).isTrue();
    gate.recordProcessed(T + 4_000, T + 4_000);
    assertThat(gate.mayCommit(T + 4_000)).isTrue();
  }

  @Test
  void shouldUseAFifthOfTheEmitIntervalAndFourIntervalsBehind() {
    CommitGate gate = CommitGate.forEmitInterval(Duration.ofMillis(50));
    gate.recordProcessed(T + 6_000, T + 6_000 - 200);
    assertThat(gate.mayCommit(T + 6_000)).isTrue();
    gate.recordProcessed(T + 6_001, T + 6_001);
    assertThat(gate.mayCommit(T + 6_009)).isFalse();
    assertThat(gate.mayCommit(T + 6_010)).isTrue();
    gate.recordProcessed(T + 6_020, T + 6_020 - 201);
    assertThat(gate.mayCommit(T + 6_030)).isFalse();
  }
}
