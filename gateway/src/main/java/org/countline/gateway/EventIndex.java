package org.countline.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.countline.avro.FieldEvent;
import org.countline.avro.Withdrawal;
import org.countline.registry.serde.SpecificAvroDeserializer;

/**
 * What the gateway knows of every event: its latest revision, where it counts (operation and
 * force) and whether that revision withdrew it. Built from {@code countline.field-events} read from
 * the beginning, plus the gateway's own acknowledged writes (so an amendment right after a POST
 * finds the event before the reader does). Amendments and withdrawals take their next revision
 * from here.
 *
 * <p>Memory: one small entry per event, about 150 bytes; a national week of tens of thousands of
 * events takes a few megabytes.
 */
final class EventIndex {

  /** The latest revision the gateway knows of one event. */
  record Known(int revision, String operationId, String force, boolean withdrawn) {}

  private final Map<String, Known> events = new ConcurrentHashMap<>();
  private final Deserializer<FieldEvent> reader;

  EventIndex(Map<String, ?> registryConfig) {
    SpecificAvroDeserializer<FieldEvent> d = new SpecificAvroDeserializer<>(FieldEvent.class);
    d.configure(registryConfig, false);
    this.reader = d;
  }

  Known get(String eventId) {
    return events.get(eventId);
  }

  int size() {
    return events.size();
  }

  /** Remembers a revision if it is the latest seen of its event. */
  void record(FieldEvent e) {
    Known next = new Known(e.getRevision(), e.getOperationId(), e.getForce(), e.getPayload() instanceof Withdrawal);
    events.merge(e.getEventId(), next, (old, candidate) -> candidate.revision() > old.revision() ? candidate : old);
  }

  void onEvent(ConsumerRecord<String, byte[]> r) {
    if (r.value() == null) {
      return;
    }
    record(ReferenceView.read(reader, r));
  }
}
