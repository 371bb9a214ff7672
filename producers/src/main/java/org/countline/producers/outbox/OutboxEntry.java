package org.countline.producers.outbox;

import org.countline.avro.FieldEvent;

/** One undelivered event of an {@link Outbox} and its sequence number (the order it was appended in). */
public record OutboxEntry(long seq, FieldEvent event) {}
