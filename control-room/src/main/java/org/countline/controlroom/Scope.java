package org.countline.controlroom;

import java.util.Optional;
import org.countline.streams.Topics;

/** The four totals topics, what their keys hold, and the name of their Server-Sent Events. */
enum Scope {
  /** Key {@code OPERATION}. */
  NATIONAL(Topics.TOTALS_NATIONAL, "national", 1),
  /** Key {@code OPERATION/REGION}. */
  REGION(Topics.TOTALS_REGION, "region", 2),
  /** Key {@code OPERATION/FORCE}. */
  FORCE(Topics.TOTALS_FORCE, "force", 2),
  /** Key {@code OPERATION/FORCE/YYYY-MM-DD}. */
  DAILY(Topics.TOTALS_DAILY, "daily", 3);

  private final String topic;
  private final String eventName;
  private final int keyParts;

  Scope(String topic, String eventName, int keyParts) {
    this.topic = topic;
    this.eventName = eventName;
    this.keyParts = keyParts;
  }

  String topic() {
    return topic;
  }

  /** The {@code event:} name of this scope's changes on the stream, and the metrics tag. */
  String eventName() {
    return eventName;
  }

  /** How many {@code /}-separated parts a key of this topic has. */
  int keyParts() {
    return keyParts;
  }

  static Optional<Scope> ofTopic(String topic) {
    for (Scope s : values()) {
      if (s.topic.equals(topic)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
