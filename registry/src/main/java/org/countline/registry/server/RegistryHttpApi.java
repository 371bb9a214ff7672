package org.countline.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.countline.registry.client.CompatibilityLevel;
import org.countline.registry.client.HttpSchemaRegistryClient;
import org.countline.registry.client.SchemaMetadata;
import org.countline.registry.client.SchemaRegistryException;
import org.countline.registry.store.RegistryState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API, mapped onto a {@link RegistryService}: the endpoints,
 * bodies and error JSON ({@code {"error_code": 40401, "message": "..."}}) that Confluent's own
 * client and serializers expect. Avro schemas only; schema references and deletes are refused.
 */
final class RegistryHttpApi {

  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpApi.class);
  private static final String AVRO = "AVRO";
  // Marks a response whose error JSON is written, so the status-code handlers leave it alone.
  private static final String ERROR_WRITTEN = "countline.registry.error-written";

  private final RegistryService service;
  private final Map<String, byte[]> passwords;
  private final ObjectMapper json = new ObjectMapper();

  RegistryHttpApi(RegistryService service, Map<String, String> users) {
    this.service = service;
    Map<String, byte[]> encoded = new LinkedHashMap<>();
    users.forEach((user, password) -> encoded.put(user, password.getBytes(StandardCharsets.UTF_8)));
    this.passwords = Map.copyOf(encoded);
  }

  void install(Javalin app) {
    if (!passwords.isEmpty()) {
      app.before(this::authenticate);
    }
    app.get("/", ctx -> respond(ctx, Map.of()));
    app.get("/schemas/types", ctx -> respond(ctx, List.of(AVRO)));
    app.get("/mode", ctx -> respond(ctx, Map.of("mode", "READWRITE")));

    app.get("/subjects", ctx -> respond(ctx, service.subjects()));
    app.post("/subjects/{subject}/versions", this::register);
    app.post("/subjects/{subject}", this::lookup);
    app.get(
        "/subjects/{subject}/versions",
        ctx -> respond(ctx, service.versions(ctx.pathParam("subject"))));
    app.get(
        "/subjects/{subject}/versions/{version}", ctx -> respond(ctx, describe(versionOf(ctx))));
    app.get(
        "/subjects/{subject}/versions/{version}/schema",
        ctx -> respondRaw(ctx, RegistryState.canonical(versionOf(ctx).schema())));

    app.get("/schemas/ids/{id}", ctx -> respond(ctx, Map.of("schema", schemaOf(ctx).canonical())));
    app.get("/schemas/ids/{id}/schema", ctx -> respondRaw(ctx, schemaOf(ctx).canonical()));
    app.get(
        "/schemas/ids/{id}/subjects",
        ctx ->
            respond(
                ctx,
                service.usagesOf(idOf(ctx)).stream()
                    .map(SchemaMetadata::subject)
                    .distinct()
                    .toList()));
    app.get(
        "/schemas/ids/{id}/versions",
        ctx ->
            respond(
                ctx,
                service.usagesOf(idOf(ctx)).stream()
                    .map(usage -> Map.of("subject", usage.subject(), "version", usage.version()))
                    .toList()));

    app.post("/compatibility/subjects/{subject}/versions/{version}", this::testCompatibility);
    app.post("/compatibility/subjects/{subject}/versions", this::testCompatibility);

    app.get(
        "/config",
        ctx -> respond(ctx, Map.of("compatibilityLevel", service.globalCompatibility().name())));
    app.put("/config", ctx -> updateConfig(ctx, null));
    app.get("/config/{subject}", this::subjectConfig);
    app.put("/config/{subject}", ctx -> updateConfig(ctx, ctx.pathParam("subject")));
    app.delete("/config/{subject}", this::deleteSubjectConfig);

    app.exception(
        SchemaRegistryException.class,
        (e, ctx) -> error(ctx, e.httpStatus(), e.errorCode(), e.getMessage()));
    app.exception(
        HttpResponseException.class,
        (e, ctx) ->
            error(
                ctx, e.getStatus(), e.getStatus(), "HTTP " + e.getStatus() + " " + e.getMessage()));
    app.exception(
        Exception.class,
        (e, ctx) -> {
          LOG.error("Failed to answer {} {}", ctx.method(), ctx.path(), e);
          error(ctx, 500, SchemaRegistryException.STORE_ERROR, "Internal error: " + e);
        });
    // Routes that do not exist, and methods a route does not take, answer in the API's error JSON.
    app.error(404, ctx -> errorIfEmpty(ctx, 404, "HTTP 404 Not Found"));
    app.error(405, ctx -> errorIfEmpty(ctx, 405, "HTTP 405 Method Not Allowed"));
  }

  private void register(Context ctx) throws JsonProcessingException {
    String subject = ctx.pathParam("subject");
    SchemaMetadata registered = service.register(subject, schemaFromBody(ctx));
    respond(ctx, Map.of("id", registered.id()));
  }

  private void lookup(Context ctx) throws JsonProcessingException {
    respond(ctx, describe(service.lookup(ctx.pathParam("subject"), schemaFromBody(ctx))));
  }

  private void testCompatibility(Context ctx) throws JsonProcessingException {
    String version = ctx.pathParamMap().get("version");
    List<String> problems =
        service.testCompatibility(ctx.pathParam("subject"), schemaFromBody(ctx), version);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("is_compatible", problems.isEmpty());
    if (Boolean.parseBoolean(ctx.queryParam("verbose"))) {
      answer.put("messages", problems);
    }
    respond(ctx, answer);
  }

  private void subjectConfig(Context ctx) throws JsonProcessingException {
    String subject = ctx.pathParam("subject");
    CompatibilityLevel level =
        service
            .subjectCompatibility(subject)
            .orElseGet(
                () -> {
                  if (!Boolean.parseBoolean(ctx.queryParam("defaultToGlobal"))) {
                    throw new SchemaRegistryException(
                        404,
                        SchemaRegistryException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                        "Subject '"
                            + subject
                            + "' does not have subject-level compatibility configured");
                  }
                  return service.globalCompatibility();
                });
    respond(ctx, Map.of("compatibilityLevel", level.name()));
  }

  private void updateConfig(Context ctx, String subject) throws JsonProcessingException {
    JsonNode body = body(ctx);
    JsonNode level =
        body.has("compatibility") ? body.get("compatibility") : body.get("compatibilityLevel");
    CompatibilityLevel parsed =
        CompatibilityLevel.parse(level == null || level.isNull() ? null : level.asText());
    service.updateCompatibility(subject, parsed);
    respond(ctx, Map.of("compatibility", parsed.name()));
  }

  private void deleteSubjectConfig(Context ctx) throws JsonProcessingException {
    String subject = ctx.pathParam("subject");
    CompatibilityLevel previous =
        service
            .subjectCompatibility(subject)
            .orElseThrow(() -> SchemaRegistryException.subjectNotFound(subject));
    service.deleteCompatibility(subject);
    respond(ctx, Map.of("compatibilityLevel", previous.name()));
  }

  private SchemaMetadata versionOf(Context ctx) {
    return service.version(ctx.pathParam("subject"), ctx.pathParam("version"));
  }

  private RegistryState.StoredSchema schemaOf(Context ctx) {
    return service.schemaById(idOf(ctx));
  }

  private static int idOf(Context ctx) {
    String id = ctx.pathParam("id");
    try {
      return Integer.parseInt(id);
    } catch (NumberFormatException e) {
      throw SchemaRegistryException.schemaNotFound("'" + id + "' is not a schema id");
    }
  }

  private static Map<String, Object> describe(SchemaMetadata metadata) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("subject", metadata.subject());
    answer.put("version", metadata.version());
    answer.put("id", metadata.id());
    answer.put("schema", RegistryState.canonical(metadata.schema()));
    return answer;
  }

  private Schema schemaFromBody(Context ctx) {
    JsonNode body = body(ctx);
    String type = body.path("schemaType").asText(AVRO);
    if (!AVRO.equalsIgnoreCase(type)) {
      throw SchemaRegistryException.invalidSchema(
          "schema type " + type + " is not supported; only AVRO");
    }
    JsonNode references = body.get("references");
    if (references != null && references.isArray() && !references.isEmpty()) {
      throw SchemaRegistryException.invalidSchema(
          "schema references are not supported by this registry");
    }
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual()) {
      throw SchemaRegistryException.invalidSchema("the request has no \"schema\" string");
    }
    return RegistryState.parse(schema.asText());
  }

  private JsonNode body(Context ctx) {
    try {
      JsonNode body = json.readTree(ctx.body());
      if (body == null || !body.isObject()) {
        throw new SchemaRegistryException(400, 400, "The request body must be a JSON object");
      }
      return body;
    } catch (JsonProcessingException e) {
      throw new SchemaRegistryException(
          400, 400, "Malformed JSON request body: " + e.getOriginalMessage());
    }
  }

  private void authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        // Not Base64: no credentials at all, answered like wrong ones below.
        decoded = "";
      }
      int colon = decoded.indexOf(':');
      if (colon > 0) {
        byte[] expected = passwords.get(decoded.substring(0, colon));
        byte[] given = decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        // Constant time, so the answer's timing does not leak how much of a password was right.
        if (expected != null && MessageDigest.isEqual(expected, given)) {
          return;
        }
      }
    }
    ctx.header("WWW-Authenticate", "Basic realm=\"countline-registry\"");
    throw new SchemaRegistryException(401, SchemaRegistryException.UNAUTHORIZED, "Unauthorized");
  }

  private void respond(Context ctx, Object answer) throws JsonProcessingException {
    ctx.contentType(HttpSchemaRegistryClient.CONTENT_TYPE).result(json.writeValueAsString(answer));
  }

  private void respondRaw(Context ctx, String schema) {
    ctx.contentType(HttpSchemaRegistryClient.CONTENT_TYPE).result(schema);
  }

  private void error(Context ctx, int status, int errorCode, String message) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("error_code", errorCode);
    answer.put("message", message);
    ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
    try {
      ctx.status(status == SchemaRegistryException.NO_RESPONSE ? 500 : status)
          .contentType(HttpSchemaRegistryClient.CONTENT_TYPE)
          .result(json.writeValueAsString(answer));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode an error answer", e);
    }
  }

  private void errorIfEmpty(Context ctx, int status, String message) {
    if (ctx.attribute(ERROR_WRITTEN) == null) {
      error(ctx, status, status, message);
    }
  }
}
