package org.countline.streams;

import java.time.Duration;

/**
 * Decides, per stream thread, when the field-event processors ask Kafka Streams for a commit
 * ahead of the commit interval. While the thread keeps up with the events, they ask right after
 * emitting changed totals, and as soon as a region or national sum on their thread has changed,
 * so a change is readable one commit after it is emitted and its sums one commit later, instead
 * of up to a commit interval later at each step. A commit of one task commits every task of its
 * thread (one transaction under exactly-once), so a request from any task of the thread commits
 * the sums too, and all processors of a thread share one gate; it lets one request through per
 * {@code minGap}. A thread that runs sums but no field-event task (possible with several threads
 * or instances) has nobody to ask, and commits its sums at the commit interval, as before.
 *
 * <p>While the thread works through a backlog (the field event it processed last was published
 * more than {@code behind} ago) nobody asks, and the commit interval alone decides: a commit
 * costs about the same whatever it holds, and early commits then cost throughput (a fifth to a
 * quarter of it in the benchmark) where freshness matters less than catching up. As long again
 * without any field event means the thread has caught up.
 *
 * <p>All tasks of a stream thread run on that thread, so the gate's state is kept per thread and
 * needs no locking.
 */
final class CommitGate {
  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  private final long minGapMs;
  private final long behindMs;

  CommitGate(Duration minGap, Duration behind) {
    this.minGapMs = minGap.toMillis();
    this.behindMs = behind.toMillis();
  }

  /**
   * The gate for processors that emit every {@code emitInterval}: at most one early commit per
   * fifth of it, none while four intervals or more behind.
   */
  static CommitGate forEmitInterval(Duration emitInterval) {
    return new CommitGate(emitInterval.dividedBy(5), emitInterval.multipliedBy(4));
  }

  /**
   * Notes a field event processed on this thread at {@code nowMs}, published (record timestamp)
   * at {@code publishedMs}.
   */
  void recordProcessed(long nowMs, long publishedMs) {
    State state = STATE.get();
    state.behind = nowMs - publishedMs > behindMs;
    state.lastEventMs = nowMs;
    state.eventsWaiting = true;
  }

  /**
   * Notes that a region or national sum on this thread changed: its cached total is written, and
   * readable, only when the thread next commits. Called from the sums' aggregator, which has no
   * processor context to ask for a commit itself; the field-event processors of the thread ask
   * for it.
   */
  static void sumChanged() {
    STATE.get().sumsWaiting = true;
  }

  /** Whether to ask for a commit now for what this thread processed or summed since the last. */
  boolean mayCommit(long nowMs) {
    State state = STATE.get();
    return (state.eventsWaiting || state.sumsWaiting) && pass(state, nowMs);
  }

  /** Whether to ask for a commit now because a sum changed; events alone wait for the emission. */
  boolean mayCommitForSums(long nowMs) {
    State state = STATE.get();
    return state.sumsWaiting && pass(state, nowMs);
  }

  private boolean pass(State state, long nowMs) {
    long elapsed = nowMs - state.lastGrantedMs;
    // A clock that went back opens the gate.
    if (isBehind(state, nowMs) || (elapsed >= 0 && elapsed < minGapMs)) {
      return false;
    }
    state.lastGrantedMs = nowMs;
    state.eventsWaiting = false;
    state.sumsWaiting = false;
    return true;
  }

  /** Behind, unless the thread has had no field event for as long: then it has caught up. */
  private boolean isBehind(State state, long nowMs) {
    return state.behind && nowMs - state.lastEventMs < behindMs;
  }

  private static final class State {
    long lastGrantedMs = Long.MIN_VALUE / 2;
    long lastEventMs;
    boolean behind;
    boolean eventsWaiting;
    boolean sumsWaiting;
  }
}
