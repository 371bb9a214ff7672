package org.countline.reliability;

import java.util.ArrayList;
import java.util.List;

/**
 * How long each stage of a fault test took, for its {@code RELIABILITY} line: where the time of a
 * slow run went (a machine under load, a slow recovery) without a timed assertion.
 */
final class Stages {
  private final long start = System.nanoTime();
  private long last = start;
  private final List<String> laps = new ArrayList<>();

  /** Ends the stage called {@code name}: the time since the previous one ended. */
  void lap(String name) {
    long now = System.nanoTime();
    laps.add(name + ":" + Math.round((now - last) / 1e9) + "s");
    last = now;
  }

  long totalSeconds() {
    return Math.round((System.nanoTime() - start) / 1e9);
  }

  @Override
  public String toString() {
    return String.join(",", laps);
  }
}
