package org.countline.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.core.ForceInfo;
import org.countline.core.OperationWindow;

/**
 * {@code GET /v1/operations}: what a field app needs before its first report, for the force of
 * the caller's token: that force, and the operations open now (status open, and now inside the
 * window in the operation's own time zone), read from {@code countline.operations} through the
 * gateway's {@link ReferenceView}. Each operation carries its window as instants, so a device can
 * check {@code occurredAt} the way the gateway will.
 */
final class OperationsApi {
  private final ReferenceView reference;
  private final EventsApi events;
  private final Clock clock;

  OperationsApi(ReferenceView reference, EventsApi events, Clock clock) {
    this.reference = reference;
    this.events = events;
    this.clock = clock;
  }

  void list(Context ctx) {
    String force = events.authorize(ctx);
    Instant now = clock.instant();
    ObjectNode body = EventsApi.JSON.createObjectNode();
    Optional<ForceInfo> info = reference.force(force);
    body.putObject("force")
        .put("code", force)
        .put("name", info.map(ForceInfo::name).orElse(force))
        .put("region", info.map(ForceInfo::region).orElse(null));
    body.put("now", now.toString());
    ArrayNode list = body.putArray("operations");
    List<Operation> open = reference.operations().stream()
        .filter(o -> o.getStatus() == OperationStatus.OPEN && isCurrent(o, now))
        .sorted(Comparator.comparing(Operation::getStart).reversed().thenComparing(Operation::getId))
        .toList();
    for (Operation o : open) {
      OperationWindow window = OperationWindow.of(o);
      list.addObject()
          .put("id", o.getId())
          .put("name", o.getName())
          .put("kind", o.getKind())
          .put("start", o.getStart().toString())
          .put("end", o.getEnd().toString())
          .put("timeZone", o.getTimeZone())
          .put("startsAt", window.startInstant().toString())
          .put("endsBefore", window.endExclusive().toString());
    }
    // The answer depends on the token: no shared cache may keep it.
    ctx.header("Cache-Control", "no-store");
    ctx.status(200).contentType("application/json").result(EventsApi.json(body));
  }

  private static boolean isCurrent(Operation operation, Instant now) {
    try {
      return OperationWindow.of(operation).contains(now);
    } catch (DateTimeException e) {
      // An operation with a broken time zone refuses every event (EventValidator): not offered.
      return false;
    }
  }
}
