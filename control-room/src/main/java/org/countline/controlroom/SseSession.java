package org.countline.controlroom;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.time.Duration;

/**
 * One Server-Sent Events client's queue of events: the view offers changes to it under its lock
 * (never blocking), and the client's own thread takes them off and writes them. A client too slow
 * to keep up overflows its queue and is disconnected; its browser reconnects and starts again from
 * a fresh snapshot, which is cheaper and more honest than a growing backlog.
 */
final class SseSession implements TotalsView.Listener {
  /** Queued after the last event when the session must end. */
  private static final StreamEvent END = new StreamEvent("end", "");

  private final String operation;
  private final BlockingQueue<StreamEvent> queue;
  private volatile boolean ended;

  SseSession(String operation, int capacity) {
    this.operation = operation;
    this.queue = new LinkedBlockingQueue<>(capacity);
  }

  String operation() {
    return operation;
  }

  @Override
  public void changed(StreamEvent event) {
    if (!ended && !queue.offer(event)) {
      ended = true;
    }
  }

  /** Ends the session: its thread stops after the events already queued. */
  void end() {
    ended = true;
    queue.offer(END);
  }

  /** True once the session overflowed or was ended. */
  boolean ended() {
    return ended;
  }

  /**
   * The next event, or null when none came within {@code wait} (time for a heartbeat) or the
   * session has ended ({@link #ended()} then says so).
   */
  StreamEvent next(Duration wait) throws InterruptedException {
    StreamEvent event = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    return event == END ? null : event;
  }
}
