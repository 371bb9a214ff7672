package org.countline.producers;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.countline.registry.client.SchemaRegistryException;

/**
 * Tells a failed send that may succeed later (Kafka or the schema registry out of reach, a timeout,
 * a leader moving) from one that never will (a record too large, a schema the registry refuses).
 * The outbox retries the first kind and sets the second aside; the gateway answers 503 for the
 * first and 500 for the second.
 */
public final class SendFailures {
  private SendFailures() {}

  /** The failure itself, without the wrappers of futures. */
  public static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** True when sending the same record again can never succeed. */
  public static boolean isPermanent(Throwable error) {
    Throwable e = unwrap(error);
    if (e instanceof RecordTooLargeException || e instanceof InvalidTopicException) {
      return true;
    }
    if (e instanceof SerializationException) {
      return !registryOutOfReach(e);
    }
    return false;
  }

  /** True when a schema registry call failed for want of an answer (no response, 5xx, I/O). */
  public static boolean registryOutOfReach(Throwable error) {
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (c instanceof SchemaRegistryException r) {
        return r.httpStatus() == SchemaRegistryException.NO_RESPONSE || r.httpStatus() >= 500;
      }
      if (c instanceof IOException) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }
}
