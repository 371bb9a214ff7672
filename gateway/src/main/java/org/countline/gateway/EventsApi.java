package org.countline.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.countline.avro.FieldEvent;
import org.countline.avro.Source;
import org.countline.core.EventValidator;
import org.countline.core.Violation;
import org.countline.core.json.FieldEventJson;
import org.countline.core.json.ParseOptions;
import org.countline.core.json.ParseResult;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.SendFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /v1/events} endpoints: report, amend, withdraw and batch-report field events for the
 * force of the caller's token, each checked with the same rules as the topology, and answered 202
 * only once Kafka has acknowledged the write to {@code countline.field-events}.
 *
 * <p>Checks run in this order, so the answer names the first thing to fix: token (401, or 503
 * while tokens are still being read), content type (415), size (413), JSON (400), force of the
 * token (403), the shape of the event (400), what the gateway knows of the eventId (404, 409),
 * operation, force and window (400), then Kafka (202, or 503 after a bounded wait).
 */
final class EventsApi {
  private static final Logger log = LoggerFactory.getLogger(EventsApi.class);
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int STRIPES = 64;

  private final GatewayConfig config;
  private final FieldEventPublisher publisher;
  private final ReferenceView reference;
  private final TokenStore tokens;
  private final EventIndex index;
  private final BooleanSupplier referenceReady;
  private final BooleanSupplier indexReady;
  private final ParseOptions parseOptions;
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  EventsApi(GatewayConfig config, FieldEventPublisher publisher, ReferenceView reference, TokenStore tokens,
      EventIndex index, BooleanSupplier referenceReady, BooleanSupplier indexReady) {
    this.config = config;
    this.publisher = publisher;
    this.reference = reference;
    this.tokens = tokens;
    this.index = index;
    this.referenceReady = referenceReady;
    this.indexReady = indexReady;
    this.parseOptions = ParseOptions.of(Source.GATEWAY).withClock(config.clock());
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  // --- POST /v1/events -----------------------------------------------------------------------

  void post(Context ctx) {
    long deadline = deadline();
    String force = authorize(ctx);
    JsonNode node = readJson(ctx, false);
    requireOwnForce(node, force);
    FieldEvent event = parse(node);
    boolean explicitId = has(node, "eventId");
    if (explicitId) {
      requireIndexReady();
      ReentrantLock lock = stripe(event.getEventId());
      lock.lock();
      try {
        refuseMove(index.get(event.getEventId()), event);
        validate(event);
        send(event, deadline);
      } finally {
        lock.unlock();
      }
    } else {
      validate(event);
      send(event, deadline);
    }
    accepted(ctx, event);
  }

  // --- PUT /v1/events/{eventId} --------------------------------------------------------------

  void amend(Context ctx) {
    long deadline = deadline();
    String force = authorize(ctx);
    String id = pathEventId(ctx);
    JsonNode node = readJson(ctx, false);
    if (!node.isObject()) {
      throw ApiException.of(400, "must be a JSON object: the amended event");
    }
    ObjectNode body = ((ObjectNode) node).deepCopy();
    JsonNode bodyId = body.get("eventId");
    if (bodyId != null && !bodyId.isNull() && !(bodyId.isTextual() && bodyId.textValue().equalsIgnoreCase(id))) {
      throw ApiException.of(400, "eventId", "must be the eventId of the path, " + id + ", or left out");
    }
    body.put("eventId", id);
    boolean revisionGiven = has(body, "revision");
    requireOwnForce(body, force);
    FieldEvent event = parse(body);
    requireIndexReady();
    ReentrantLock lock = stripe(id);
    lock.lock();
    try {
      EventIndex.Known known = requireKnown(id, force);
      refuseMove(known, event);
      if (revisionGiven && event.getRevision() <= known.revision()) {
        throw ApiException.of(409, "revision", "must be higher than the latest revision, " + known.revision()
            + " (or left out: the gateway then uses " + (known.revision() + 1) + ")");
      }
      if (!revisionGiven) {
        event.setRevision(nextRevision(known));
      }
      validate(event);
      send(event, deadline);
    } finally {
      lock.unlock();
    }
    accepted(ctx, event);
  }

  // --- DELETE /v1/events/{eventId} -----------------------------------------------------------

  void withdraw(Context ctx) {
    long deadline = deadline();
    String force = authorize(ctx);
    String id = pathEventId(ctx);
    JsonNode node = readJson(ctx, true);
    String reason = withdrawalReason(node);
    requireIndexReady();
    ReentrantLock lock = stripe(id);
    lock.lock();
    FieldEvent event;
    try {
      EventIndex.Known known = requireKnown(id, force);
      ObjectNode withdrawal = JSON.createObjectNode()
          .put("eventId", id)
          .put("revision", known.withdrawn() ? known.revision() : nextRevision(known))
          .put("operationId", known.operationId())
          .put("force", known.force())
          .put("type", "withdrawal")
          .put("occurredAt", config.clock().instant().toString());
      if (has(node, "reporter")) {
        withdrawal.set("reporter", node.get("reporter"));
      }
      withdrawal.putObject("withdrawal").put("reason", reason);
      ParseResult parsed = FieldEventJson.parse(withdrawal, parseOptions);
      if (!parsed.isOk()) {
        throw ApiException.invalid(parsed.violations().stream()
            .map(v -> v.field().startsWith("withdrawal") ? new Violation("reason", v.message()) : v)
            .toList());
      }
      if (known.withdrawn()) {
        // Withdrawing again changes nothing: answer as the first time, so a retried DELETE is
        // safe (once the request itself has passed the same checks as the first).
        ctx.status(202).contentType("application/json").result(json(JSON.createObjectNode()
            .put("eventId", id).put("revision", known.revision())));
        return;
      }
      event = parsed.event();
      validate(event);
      send(event, deadline);
    } finally {
      lock.unlock();
    }
    accepted(ctx, event);
  }

  /** The revision after the latest known one; 409 when that is already the largest an int holds. */
  private static int nextRevision(EventIndex.Known known) {
    if (known.revision() == Integer.MAX_VALUE) {
      throw ApiException.of(409, "revision", "the event's latest revision is already the largest possible, "
          + Integer.MAX_VALUE + ": it can take no further revision (report a new event instead)");
    }
    return known.revision() + 1;
  }

  private static String withdrawalReason(JsonNode node) {
    if (node.isMissingNode()) {
      throw ApiException.of(400, "reason", "is required: {\"reason\": \"...\"}");
    }
    if (!node.isObject()) {
      throw ApiException.of(400, "must be a JSON object: {\"reason\": \"...\"}");
    }
    List<Violation> errors = new ArrayList<>();
    node.fieldNames().forEachRemaining(f -> {
      if (!f.equals("reason") && !f.equals("reporter")) {
        errors.add(new Violation(f.length() > 64 ? f.substring(0, 64) + "..." : f, "unknown field"));
      }
    });
    JsonNode reason = node.get("reason");
    if (reason == null || reason.isNull()) {
      errors.add(new Violation("reason", "is required"));
    } else if (!reason.isTextual()) {
      errors.add(new Violation("reason", "must be a string"));
    } else if (reason.textValue().isBlank()) {
      errors.add(new Violation("reason", "must not be blank"));
    } else if (reason.textValue().codePointCount(0, reason.textValue().length()) > FieldEventJson.MAX_REASON_LENGTH) {
      errors.add(new Violation("reason", "must be at most " + FieldEventJson.MAX_REASON_LENGTH + " characters"));
    }
    JsonNode reporter = node.get("reporter");
    if (reporter != null && !reporter.isNull() && !reporter.isTextual()) {
      errors.add(new Violation("reporter", "must be a string"));
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return reason.textValue();
  }

  // --- POST /v1/events/batch -----------------------------------------------------------------

  /** One item of a batch on its way: sent and awaiting Kafka, or already answered. */
  private record Item(int index, FieldEvent event, CompletableFuture<RecordMetadata> send, ApiException error) {}

  void batch(Context ctx) {
    long deadline = deadline();
    String force = authorize(ctx);
    JsonNode node = readJson(ctx, false);
    if (!node.isArray()) {
      throw ApiException.of(400, "must be a JSON array of events");
    }
    if (node.size() > config.maxBatchSize()) {
      throw ApiException.of(413, "holds " + node.size() + " events; a batch holds at most " + config.maxBatchSize()
          + ": split it");
    }
    boolean anyExplicitId = false;
    Set<Integer> needed = new TreeSet<>();
    for (JsonNode item : node) {
      if (has(item, "eventId") && item.get("eventId").isTextual()) {
        anyExplicitId = true;
        needed.add(stripeIndex(item.get("eventId").textValue().toLowerCase(Locale.ROOT)));
      }
    }
    if (anyExplicitId) {
      requireIndexReady();
    }
    // Lock every event of the batch, in stripe order so that two batches cannot deadlock.
    List<ReentrantLock> held = new ArrayList<>();
    needed.forEach(i -> {
      stripes[i].lock();
      held.add(stripes[i]);
    });
    List<Item> items = new ArrayList<>(node.size());
    try {
      Map<String, EventIndex.Known> earlier = new HashMap<>();
      for (int i = 0; i < node.size(); i++) {
        items.add(submit(i, node.get(i), force, earlier));
      }
      ArrayNode results = JSON.createArrayNode();
      for (Item item : items) {
        results.add(result(item, deadline));
      }
      ObjectNode body = JSON.createObjectNode();
      body.set("results", results);
      ctx.status(200).contentType("application/json").result(json(body));
    } finally {
      held.forEach(ReentrantLock::unlock);
    }
  }

  private Item submit(int i, JsonNode node, String force, Map<String, EventIndex.Known> earlier) {
    try {
      requireOwnForce(node, force);
      FieldEvent event = parse(node);
      if (has(node, "eventId")) {
        EventIndex.Known known = earlier.getOrDefault(event.getEventId(), index.get(event.getEventId()));
        refuseMove(known, event);
      }
      validate(event);
      earlier.put(event.getEventId(), new EventIndex.Known(event.getRevision(), event.getOperationId(), event.getForce(), false));
      return new Item(i, event, publisher.publish(event), null);
    } catch (ApiException e) {
      return new Item(i, null, null, e);
    }
  }

  private ObjectNode result(Item item, long deadline) {
    ObjectNode r = JSON.createObjectNode().put("index", item.index());
    ApiException error = item.error();
    if (error == null) {
      try {
        await(item.send(), item.event(), deadline);
        index.record(item.event());
        return r.put("status", 202).put("eventId", item.event().getEventId()).put("revision", item.event().getRevision());
      } catch (ApiException e) {
        error = e;
      }
    }
    r.put("status", error.status());
    error.extra().forEach((k, v) -> r.set(k, JSON.valueToTree(v)));
    r.set("errors", errors(error.errors()));
    return r;
  }

  // --- checks ----------------------------------------------------------------------------------

  /** The force of the caller's token (401 without a valid one, 503 while tokens are still being read). */
  String authorize(Context ctx) {
    String header = ctx.header("Authorization");
    String token = null;
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      token = header.substring(7).strip();
    }
    if (token == null || token.isEmpty()) {
      throw unauthorized("a token is required: Authorization: Bearer TOKEN (countline token create --force CODE)");
    }
    if (!referenceReady.getAsBoolean()) {
      throw notReady("tokens, forces and operations");
    }
    String force = tokens.forceOf(token);
    if (force == null) {
      throw unauthorized("the token is not valid (unknown or revoked)");
    }
    return force;
  }

  private static ApiException unauthorized(String message) {
    return ApiException.of(401, "Authorization", message).withHeader("WWW-Authenticate", "Bearer realm=\"countline\"");
  }

  private static ApiException notReady(String what) {
    return ApiException.of(503, "the gateway is still reading " + what + " from Kafka; try again shortly")
        .withHeader("Retry-After", "2");
  }

  private void requireIndexReady() {
    if (!indexReady.getAsBoolean()) {
      throw notReady("the events reported so far");
    }
  }

  private static void requireOwnForce(JsonNode node, String force) {
    JsonNode f = node.get("force");
    if (node.isObject() && f != null && f.isTextual() && !f.textValue().equals(force)) {
      throw ApiException.of(403, "force", "this token reports for force '" + force + "', not '" + truncate(f.textValue()) + "'");
    }
  }

  private FieldEvent parse(JsonNode node) {
    ParseResult r = FieldEventJson.parse(node, parseOptions);
    if (!r.isOk()) {
      throw ApiException.invalid(r.violations());
    }
    return r.event();
  }

  private void validate(FieldEvent event) {
    List<Violation> violations = EventValidator.validate(event, reference);
    if (!violations.isEmpty()) {
      throw ApiException.invalid(violations);
    }
  }

  private EventIndex.Known requireKnown(String id, String force) {
    EventIndex.Known known = index.get(id);
    if (known == null) {
      throw ApiException.of(404, "eventId", "no event " + id + " has been reported");
    }
    if (!known.force().equals(force)) {
      throw ApiException.of(403, "eventId", "event " + id + " was reported by another force");
    }
    return known;
  }

  /** An event keeps its operation and force for life: every revision counts in the same partition. */
  private static void refuseMove(EventIndex.Known known, FieldEvent event) {
    if (known == null) {
      return;
    }
    if (!known.operationId().equals(event.getOperationId())) {
      throw ApiException.of(409, "operationId", "event " + event.getEventId() + " belongs to operation '"
          + known.operationId() + "'; an amendment may not move it: withdraw it and report it anew");
    }
    if (!known.force().equals(event.getForce())) {
      throw ApiException.of(409, "force", "event " + event.getEventId() + " belongs to force '" + known.force()
          + "'; an amendment may not move it: withdraw it and report it anew");
    }
  }

  private static String pathEventId(Context ctx) {
    String id = ctx.pathParam("eventId");
    try {
      if (id.length() == 36) {
        UUID.fromString(id);
        return id.toLowerCase(Locale.ROOT);
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw ApiException.of(400, "eventId", "must be a UUID, e.g. 5b0f3c1e-2a6d-4c1e-9d1e-6a1f0c2b7e11");
  }

  // --- Kafka -----------------------------------------------------------------------------------

  private long deadline() {
    // The producer gives up after ackTimeout (max.block.ms, delivery.timeout.ms); this is a backstop.
    return System.nanoTime() + config.ackTimeout().toNanos() + TimeUnit.SECONDS.toNanos(2);
  }

  private void send(FieldEvent event, long deadline) {
    await(publisher.publish(event), event, deadline);
    index.record(event);
  }

  private RecordMetadata await(CompletableFuture<RecordMetadata> send, FieldEvent event, long deadline) {
    try {
      return send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw unavailable(event, "Kafka did not acknowledge the event within " + config.ackTimeout().toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = SendFailures.unwrap(e);
      if (SendFailures.isPermanent(cause)) {
        log.error("Kafka refused event {} revision {} for good", event.getEventId(), event.getRevision(), cause);
        throw ApiException.of(500, "Kafka refused the event (" + cause.getClass().getSimpleName() + "); it was not stored")
            .with("eventId", event.getEventId()).with("revision", event.getRevision());
      }
      log.warn("Kafka did not take event {}: {}", event.getEventId(), cause.toString());
      throw unavailable(event, "Kafka is not available (" + cause.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable(event, "the gateway is stopping");
    }
  }

  private static ApiException unavailable(FieldEvent event, String why) {
    return ApiException.of(503, why + ". The event may not have been stored: send it again with the same eventId and"
            + " revision (it is counted once either way).")
        .with("eventId", event.getEventId())
        .with("revision", event.getRevision())
        .withHeader("Retry-After", "5");
  }

  // --- bodies ----------------------------------------------------------------------------------

  /**
   * The body as JSON: content type {@code application/json} (UTF-8), at most {@code maxBodyBytes}.
   * {@code emptyAllowed}: a request with no body at all reads as a missing node (a DELETE).
   */
  private JsonNode readJson(Context ctx, boolean emptyAllowed) {
    long declared = ctx.req().getContentLengthLong();
    String type = ctx.req().getContentType();
    if (emptyAllowed && type == null && declared <= 0 && ctx.header("Transfer-Encoding") == null) {
      return MissingNode.getInstance();
    }
    requireJsonContentType(type);
    long max = config.maxBodyBytes();
    if (declared > max) {
      throw tooLarge(max);
    }
    byte[] body;
    try (InputStream in = ctx.req().getInputStream()) {
      body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    } catch (IOException e) {
      throw ApiException.of(400, "the body could not be read: " + e.getMessage());
    }
    if (body.length > max) {
      throw tooLarge(max);
    }
    if (body.length == 0) {
      if (emptyAllowed) {
        return MissingNode.getInstance();
      }
      throw ApiException.of(400, "is required: the body is empty");
    }
    try {
      JsonNode node = FieldEventJson.jsonReader().readTree(body);
      return node == null ? MissingNode.getInstance() : node;
    } catch (JsonProcessingException e) {
      Violation v = FieldEventJson.malformed(e);
      throw ApiException.invalid(List.of(v));
    } catch (IOException e) {
      throw ApiException.of(400, "malformed JSON");
    }
  }

  private static ApiException tooLarge(long max) {
    return ApiException.of(413, "the body is larger than " + (max % GatewayConfig.ONE_MIB == 0
        ? max / GatewayConfig.ONE_MIB + " MiB" : max + " bytes") + "; send fewer events per request");
  }

  private static void requireJsonContentType(String type) {
    if (type == null) {
      throw ApiException.of(415, "Content-Type", "must be application/json");
    }
    // -1 keeps empty parts: "Content-Type: ;" would otherwise split into no parts at all (a 500).
    String[] parts = type.split(";", -1);
    if (!parts[0].strip().equalsIgnoreCase("application/json")) {
      throw ApiException.of(415, "Content-Type", "must be application/json, not " + truncate(parts[0].strip()));
    }
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("charset")) {
        String charset = kv[1].strip().replace("\"", "");
        if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
          throw ApiException.of(415, "Content-Type", "charset must be UTF-8, not " + truncate(charset));
        }
      }
    }
  }

  // --- answers ---------------------------------------------------------------------------------

  private static void accepted(Context ctx, FieldEvent event) {
    ctx.status(202).contentType("application/json").result(json(JSON.createObjectNode()
        .put("eventId", event.getEventId()).put("revision", event.getRevision())));
  }

  static ArrayNode errors(List<Violation> violations) {
    ArrayNode errors = JSON.createArrayNode();
    for (Violation v : violations) {
      errors.addObject().put("field", v.field()).put("message", v.message());
    }
    return errors;
  }

  static byte[] json(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  private static boolean has(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && !v.isNull();
  }

  private ReentrantLock stripe(String eventId) {
    return stripes[stripeIndex(eventId)];
  }

  private static int stripeIndex(String eventId) {
    return Math.floorMod(eventId.hashCode(), STRIPES);
  }

  private static String truncate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
