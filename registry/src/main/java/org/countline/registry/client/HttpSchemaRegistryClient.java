package org.countline.registry.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Confluent Schema Registry REST API ({@code
 * application/vnd.schemaregistry.v1+json}) over {@code java.net.http}.
 *
 * <p>Speaks to Confluent Schema Registry, to Countline's {@code RegistryServer} or to any
 * compatible registry. A running pipeline makes no HTTP call per record: registrations and lookups
 * are cached per subject and schema, schemas per id (both ways: a schema this client registered is
 * known by its id without a fetch). Entries never expire, which is safe because an id, once given,
 * always names the same schema.
 *
 * <p>Failures: on a connection failure the next URL of the list is tried (the one that answered is
 * then preferred); 408, 429 and 5xx answers, and every URL being unreachable, are retried with
 * exponential backoff, a bounded number of times; everything else becomes a {@link
 * SchemaRegistryException} with the HTTP status and the registry's error code. All operations are
 * idempotent, so retrying a request whose answer was lost is safe. Thread-safe.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

  /** The media type of the Schema Registry API, sent and accepted. */
  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final Logger LOG = LoggerFactory.getLogger(HttpSchemaRegistryClient.class);
  private static final String ACCEPT =
      CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

  private final List<URI> baseUrls;
  private final AtomicInteger preferredUrl = new AtomicInteger();
  private final String authorization;
  private final int maxRetries;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration requestTimeout;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();

  private final ConcurrentMap<Integer, Schema> schemaById = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ConcurrentMap<Schema, Integer>> registeredIds =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ConcurrentMap<Schema, SchemaMetadata>> lookups =
      new ConcurrentHashMap<>();

  private HttpSchemaRegistryClient(Builder builder) {
    if (builder.urls.isEmpty()) {
      throw new IllegalArgumentException("At least one schema registry URL is needed");
    }
    this.baseUrls = List.copyOf(builder.urls);
    this.authorization =
        builder.userInfo == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(builder.userInfo.getBytes(StandardCharsets.UTF_8));
    this.maxRetries = builder.maxRetries;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.requestTimeout = builder.requestTimeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(builder.connectTimeout)
            .build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The base URLs, in the order they are tried, without any credentials they carried. */
  public List<URI> baseUrls() {
    return baseUrls;
  }

  @Override
  public int register(String subject, Schema schema) {
    Integer cached = idsOf(subject).get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode answer =
        request("POST", subjectPath(subject) + "/versions", Map.of("schema", schema.toString()));
    int id = requiredInt(answer, "id");
    idsOf(subject).put(schema, id);
    schemaById.putIfAbsent(id, schema);
    return id;
  }

  @Override
  public SchemaMetadata lookup(String subject, Schema schema) {
    ConcurrentMap<Schema, SchemaMetadata> subjectLookups =
        lookups.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    SchemaMetadata cached = subjectLookups.get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = request("POST", subjectPath(subject), Map.of("schema", schema.toString()));
    SchemaMetadata metadata =
        new SchemaMetadata(
            subject, requiredInt(answer, "version"), requiredInt(answer, "id"), schema);
    subjectLookups.put(schema, metadata);
    schemaById.putIfAbsent(metadata.id(), schema);
    return metadata;
  }

  @Override
  public Schema getSchemaById(int id) {
    Schema cached = schemaById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = request("GET", "/schemas/ids/" + id, null);
    requireAvro(answer, "schema id " + id);
    Schema schema = parse(requiredText(answer, "schema"), "schema id " + id);
    Schema previous = schemaById.putIfAbsent(id, schema);
    return previous != null ? previous : schema;
  }

  @Override
  public SchemaMetadata getLatestSchemaMetadata(String subject) {
    return metadataOf(subject, request("GET", subjectPath(subject) + "/versions/latest", null));
  }

  @Override
  public SchemaMetadata getSchemaMetadata(String subject, int version) {
    return metadataOf(subject, request("GET", subjectPath(subject) + "/versions/" + version, null));
  }

  @Override
  public List<Integer> getAllVersions(String subject) {
    List<Integer> versions = new ArrayList<>();
    request("GET", subjectPath(subject) + "/versions", null).forEach(v -> versions.add(v.asInt()));
    return versions;
  }

  @Override
  public Collection<String> getAllSubjects() {
    List<String> subjects = new ArrayList<>();
    request("GET", "/subjects", null).forEach(s -> subjects.add(s.asText()));
    return subjects;
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    try {
      JsonNode answer =
          request(
              "POST",
              "/compatibility" + subjectPath(subject) + "/versions/latest",
              Map.of("schema", schema.toString()));
      return answer.path("is_compatible").asBoolean(false);
    } catch (SchemaRegistryException e) {
      // Some registry versions answer "not found" for a subject with no versions; nothing there can
      // be incompatible.
      if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
          || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
        return true;
      }
      throw e;
    }
  }

  @Override
  public CompatibilityLevel getCompatibility(String subject) {
    if (subject == null) {
      return levelOf(request("GET", "/config", null));
    }
    try {
      return levelOf(request("GET", "/config/" + encode(subject) + "?defaultToGlobal=true", null));
    } catch (SchemaRegistryException e) {
      // Registries without defaultToGlobal answer 40401/40408 for a subject with no level of its
      // own.
      if (e.isNotFound()) {
        return levelOf(request("GET", "/config", null));
      }
      throw e;
    }
  }

  @Override
  public CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level) {
    Objects.requireNonNull(level, "level");
    String path = subject == null ? "/config" : "/config/" + encode(subject);
    JsonNode answer = request("PUT", path, Map.of("compatibility", level.name()));
    return CompatibilityLevel.parse(answer.path("compatibility").asText(level.name()));
  }

  @Override
  public void close() {
    schemaById.clear();
    registeredIds.clear();
    lookups.clear();
  }

  @Override
  public String toString() {
    return "HttpSchemaRegistryClient" + baseUrls;
  }

  private ConcurrentMap<Schema, Integer> idsOf(String subject) {
    return registeredIds.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
  }

  private SchemaMetadata metadataOf(String subject, JsonNode answer) {
    requireAvro(answer, "subject " + subject);
    int id = requiredInt(answer, "id");
    Schema schema = schemaById.get(id);
    if (schema == null) {
      schema = parse(requiredText(answer, "schema"), "schema id " + id);
      Schema previous = schemaById.putIfAbsent(id, schema);
      schema = previous != null ? previous : schema;
    }
    return new SchemaMetadata(
        answer.path("subject").asText(subject), requiredInt(answer, "version"), id, schema);
  }

  private JsonNode request(String method, String path, Object body) {
    byte[] payload;
    try {
      payload = body == null ? null : json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "Cannot encode request body for " + method + " " + path, e);
    }
    for (int attempt = 0; ; attempt++) {
      SchemaRegistryException failure;
      Duration retryAfter = Duration.ZERO;
      HttpResponse<byte[]> response = sendToFirstReachable(method, path, payload);
      if (response == null) {
        failure =
            new SchemaRegistryException(
                SchemaRegistryException.NO_RESPONSE,
                SchemaRegistryException.NO_RESPONSE,
                "No schema registry reachable at " + baseUrls + " for " + method + " " + path);
      } else {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
          return parseBody(response.body(), method, path);
        }
        failure = errorOf(status, response.body(), method, path);
        if (!isRetryable(status)) {
          throw failure;
        }
        retryAfter = retryAfterOf(response);
      }
      if (attempt >= maxRetries) {
        throw failure;
      }
      Duration delay = backoff(attempt, retryAfter);
      LOG.warn(
          "Schema registry request {} {} failed ({}); retry {} of {} in {} ms",
          method,
          path,
          failure.getMessage(),
          attempt + 1,
          maxRetries,
          delay.toMillis());
      sleep(delay);
    }
  }

  /** Sends to each URL in turn from the preferred one; {@code null} when none could be reached. */
  private HttpResponse<byte[]> sendToFirstReachable(String method, String path, byte[] payload) {
    int first = preferredUrl.get();
    for (int i = 0; i < baseUrls.size(); i++) {
      int index = (first + i) % baseUrls.size();
      URI base = baseUrls.get(index);
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(base.toString() + path))
              .timeout(requestTimeout)
              .header("Accept", ACCEPT)
              .method(
                  method,
                  payload == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(payload));
      if (payload != null) {
        request.header("Content-Type", CONTENT_TYPE);
      }
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      try {
        HttpResponse<byte[]> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        preferredUrl.set(index);
        return response;
      } catch (IOException e) {
        LOG.warn("Schema registry {} unreachable for {} {}: {}", base, method, path, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptException(e);
      }
    }
    return null;
  }

  private static boolean isRetryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  private Duration backoff(int attempt, Duration retryAfter) {
    long exponential = initialBackoff.toMillis() << Math.min(attempt, 20);
    long millis = Math.max(exponential, retryAfter.toMillis());
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }

  private static Duration retryAfterOf(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Duration.ZERO;
    }
    try {
      return Duration.ofSeconds(Long.parseLong(header.get().trim()));
    } catch (NumberFormatException e) {
      // An HTTP date instead of seconds: fall back to our own backoff rather than parse dates.
      return Duration.ZERO;
    }
  }

  private static void sleep(Duration delay) {
    try {
      TimeUnit.MILLISECONDS.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  private JsonNode parseBody(byte[] body, String method, String path) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new SchemaRegistryException(
          200,
          SchemaRegistryException.STORE_ERROR,
          "Unreadable answer to " + method + " " + path,
          e);
    }
  }

  private SchemaRegistryException errorOf(int status, byte[] body, String method, String path) {
    String text = new String(body, StandardCharsets.UTF_8);
    int errorCode = status;
    String message = text.isBlank() ? "HTTP " + status : text;
    try {
      JsonNode error = json.readTree(body);
      if (error != null && error.has("error_code")) {
        errorCode = error.get("error_code").asInt(status);
        message = error.path("message").asText(message);
      }
    } catch (IOException e) {
      // Not JSON (a proxy's error page, say): keep the raw text as the message.
      LOG.debug("Non-JSON error body from schema registry for {} {}", method, path);
    }
    return new SchemaRegistryException(
        status, errorCode, message + " (" + method + " " + path + ", HTTP " + status + ")");
  }

  private static void requireAvro(JsonNode answer, String what) {
    String type = answer.path("schemaType").asText("AVRO");
    if (!"AVRO".equalsIgnoreCase(type)) {
      throw new SchemaRegistryException(
          200,
          SchemaRegistryException.INVALID_SCHEMA,
          "The registry holds a " + type + " schema for " + what + "; only AVRO is supported");
    }
  }

  private static Schema parse(String text, String what) {
    try {
      return new Schema.Parser().parse(text);
    } catch (AvroRuntimeException e) {
      throw new SchemaRegistryException(
          200,
          SchemaRegistryException.INVALID_SCHEMA,
          "The registry returned an unparseable schema for " + what + ": " + e.getMessage(),
          e);
    }
  }

  private static int requiredInt(JsonNode answer, String field) {
    JsonNode value = answer.get(field);
    if (value == null || !value.canConvertToInt()) {
      throw new SchemaRegistryException(
          200,
          SchemaRegistryException.STORE_ERROR,
          "Registry answer lacks '" + field + "': " + answer);
    }
    return value.asInt();
  }

  private static String requiredText(JsonNode answer, String field) {
    JsonNode value = answer.get(field);
    if (value == null || !value.isTextual()) {
      throw new SchemaRegistryException(
          200,
          SchemaRegistryException.STORE_ERROR,
          "Registry answer lacks '" + field + "': " + answer);
    }
    return value.asText();
  }

  private static CompatibilityLevel levelOf(JsonNode answer) {
    JsonNode level =
        answer.has("compatibilityLevel")
            ? answer.get("compatibilityLevel")
            : answer.get("compatibility");
    return CompatibilityLevel.parse(level == null ? null : level.asText());
  }

  private static String subjectPath(String subject) {
    return "/subjects/" + encode(subject);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Settings of an {@link HttpSchemaRegistryClient}; defaults suit a pipeline. */
  public static final class Builder {
    private final List<URI> urls = new ArrayList<>();
    private String userInfo;
    private int maxRetries = 3;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /**
     * The registry's base URLs, tried in order on connection failure. Credentials in a URL ({@code
     * http://user:pass@host}) are taken out of it and used for basic auth unless {@link #userInfo}
     * is set.
     */
    public Builder urls(List<String> baseUrls) {
      for (String url : baseUrls) {
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new IllegalArgumentException("Not a schema registry URL: " + url);
        }
        if (uri.getRawUserInfo() != null && userInfo == null) {
          userInfo = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
        }
        String base =
            uri.getScheme()
                + "://"
                + uri.getHost()
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
        urls.add(URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base));
      }
      return this;
    }

    /** Basic auth credentials as {@code user:password}; {@code null} for none. */
    public Builder userInfo(String userInfo) {
      this.userInfo = userInfo;
      return this;
    }

    /** How many times a retryable failure is retried (not counting the first attempt). */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries must be >= 0");
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /** First retry delay; it doubles on each retry up to {@code maxBackoff}. */
    public Builder backoff(Duration initialBackoff, Duration maxBackoff) {
      this.initialBackoff = Objects.requireNonNull(initialBackoff);
      this.maxBackoff = Objects.requireNonNull(maxBackoff);
      return this;
    }

    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = Objects.requireNonNull(requestTimeout);
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout);
      return this;
    }

    public HttpSchemaRegistryClient build() {
      return new HttpSchemaRegistryClient(this);
    }
  }
}
