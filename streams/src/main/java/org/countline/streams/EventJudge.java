package org.countline.streams;

import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.core.EventState;
import org.countline.core.EventValidator;
import org.countline.core.Keys;
import org.countline.core.OperationWindow;
import org.countline.core.RevisionRule;
import org.countline.core.Violation;

/**
 * Decides what one record of {@link Topics#FIELD_EVENTS} does to the latest revisions: refused,
 * with the reason that goes to the rejected topic, or the revision rule's decision. It depends on
 * nothing but the record, the reference data looked up and the revision remembered, so the live
 * processor and a rebuild of the revisions from the events topic ({@link RevisionRebuild}) decide
 * alike when they look up the same reference data.
 */
final class EventJudge {
  /** A refusal (with its reason) or a decision of the revision rule on a valid event. */
  record Verdict(FieldEvent event, RevisionRule.Decision decision, String refusal) {
    static Verdict refused(String reason) {
      return new Verdict(null, null, reason);
    }

    boolean isRefused() {
      return refusal != null;
    }
  }

  private final Deserializer<FieldEvent> events;

  EventJudge(Deserializer<FieldEvent> events) {
    this.events = events;
  }

  Verdict judge(String key, Headers headers, byte[] value, EventValidator.Lookup lookup,
      KeyValueStore<String, EventState> revisions) {
    if (value == null) {
      return Verdict.refused("empty value: a field event cannot be deleted by a tombstone; publish a withdrawal");
    }
    FieldEvent event;
    try {
      event = events.deserialize(Topics.FIELD_EVENTS, headers, value);
    } catch (SerializationException | IllegalArgumentException e) {
      return Verdict.refused("cannot deserialise: " + e.getMessage());
    }
    if (!Keys.isOf(key, event.getOperationId(), event.getForce())) {
      return Verdict.refused("key: '" + key + "' does not match operationId/force '"
          + Keys.of(event.getOperationId(), event.getForce()) + "'");
    }
    List<Violation> violations = EventValidator.validate(event, lookup);
    if (!violations.isEmpty()) {
      return Verdict.refused(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    }
    Operation operation = lookup.operation(event.getOperationId()).orElseThrow();
    int epochDay = (int) OperationWindow.of(operation).localEpochDay(event.getOccurredAt());
    EventState prior = revisions.get(event.getEventId());
    RevisionRule.Decision decision = RevisionRule.decide(prior, event, epochDay);
    if (decision.outcome() == RevisionRule.Outcome.MOVED) {
      return Verdict.refused("eventId: " + event.getEventId() + " belongs to " + Keys.of(prior.operationId(), prior.force())
          + "; an amendment may not move an event to another operation or force (withdraw it and report anew)");
    }
    return new Verdict(event, decision, null);
  }
}
