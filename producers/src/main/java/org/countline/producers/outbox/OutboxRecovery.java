package org.countline.producers.outbox;

import java.nio.file.Path;

/**
 * What {@link Outbox#open} found on disk.
 *
 * @param entries events in the log (since it was last started afresh)
 * @param delivered of those, acknowledged by Kafka
 * @param setAside of those, refused by Kafka for good and written to {@code undeliverable.jsonl}
 * @param pending of those, still to send
 * @param tornTailBytes length of an incomplete last entry (a write interrupted by a crash), 0 if none
 * @param tornTailFile where those bytes were copied before they were cut from the log, or null
 * @param unreadableAcks acknowledgements that could not be read (their events are sent again)
 */
public record OutboxRecovery(
    long entries, long delivered, long setAside, long pending, long tornTailBytes, Path tornTailFile, int unreadableAcks) {

  /** True when the outbox found a torn tail and set it aside. */
  public boolean hadTornTail() {
    return tornTailBytes > 0;
  }
}
