package org.countline.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.avro.FieldEvent;
import org.countline.registry.client.CompatibilityLevel;
import org.countline.registry.client.HttpSchemaRegistryClient;
import org.countline.registry.client.SchemaMetadata;
import org.countline.registry.client.SchemaRegistryClient;
import org.countline.registry.client.SchemaRegistryClients;
import org.countline.registry.client.SchemaRegistryException;
import org.countline.registry.serde.AvroSerdeConfig;
import org.countline.registry.serde.SpecificAvroDeserializer;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.registry.serde.WireFormat;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.testing.EmbeddedKafkaExtension;
import org.countline.registry.testing.FieldEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link RegistryServer} over HTTP on a real KRaft broker, driven by {@link
 * HttpSchemaRegistryClient} and by raw HTTP where the exact answer matters.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class RegistryServerIT {

  private static final AtomicInteger TOPICS = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static final Schema NOTE_V1 =
      SchemaBuilder.record("Note").namespace("test").fields().requiredString("text").endRecord();
  private static final Schema NOTE_V2_COMPATIBLE =
      SchemaBuilder.record("Note")
          .namespace("test")
          .fields()
          .requiredString("text")
          .name("tag")
          .type()
          .stringType()
          .stringDefault("")
          .endRecord();
  private static final Schema NOTE_V2_INCOMPATIBLE =
      SchemaBuilder.record("Note")
          .namespace("test")
          .fields()
          .requiredString("text")
          .requiredInt("priority")
          .endRecord();

  private static String bootstrapServers;
  private static RegistryServer registry;

  @BeforeAll
  static void startRegistry(EmbeddedKafka kafka) {
    bootstrapServers = kafka.bootstrapServers();
    registry = newRegistry("_schemas").start();
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  private static RegistryServer newRegistry(String topic) {
    return new RegistryServer(
        RegistryServerConfig.builder(bootstrapServers)
            .host("127.0.0.1")
            .port(0)
            .topic(topic)
            .build());
  }

  private static String freshTopic() {
    return "_schemas-it-" + TOPICS.incrementAndGet();
  }

  private static SchemaRegistryClient client(RegistryServer server) {
    return SchemaRegistryClients.create(List.of(server.url()), null);
  }

  @Test
  void shouldReturnSameIdWhenSchemaRegisteredTwice() {
    int first = client(registry).register("twice-value", NOTE_V1);
    // A new client, so the answer comes from the server, not the first client's cache.
    int second =
        client(registry).register("twice-value", new Schema.Parser().parse(NOTE_V1.toString()));

    assertThat(second).isEqualTo(first);
    assertThat(client(registry).getAllVersions("twice-value")).containsExactly(1);
  }

  @Test
  void shouldFetchSchemaById() {
    int id = client(registry).register("fetch-value", NOTE_V1);

    assertThat(client(registry).getSchemaById(id)).isEqualTo(NOTE_V1);
    assertThat(get("/schemas/ids/" + id).body().get("schema").asText())
        .isEqualTo(NOTE_V1.toString());
  }

  @Test
  void shouldRegisterCompatibleEvolutionAsNextVersion() {
    SchemaRegistryClient client = client(registry);
    int v1 = client.register("evolve-value", NOTE_V1);
    int v2 = client.register("evolve-value", NOTE_V2_COMPATIBLE);

    SchemaMetadata latest = client.getLatestSchemaMetadata("evolve-value");
    assertThat(v2).isNotEqualTo(v1);
    assertThat(latest.version()).isEqualTo(2);
    assertThat(latest.id()).isEqualTo(v2);
    assertThat(client.lookup("evolve-value", NOTE_V1).version()).isEqualTo(1);
    assertThat(client.getSchemaMetadata("evolve-value", 1).id()).isEqualTo(v1);
  }

  @Test
  void shouldRefuseIncompatibleSchemaWithHttp409() {
    SchemaRegistryClient client = client(registry);
    client.register("incompatible-value", NOTE_V1);

    assertThat(client.testCompatibility("incompatible-value", NOTE_V2_INCOMPATIBLE)).isFalse();
    assertThatThrownBy(() -> client.register("incompatible-value", NOTE_V2_INCOMPATIBLE))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(409);
              assertThat(e.errorCode()).isEqualTo(409);
              assertThat(e.getMessage()).contains("incompatible").contains("priority");
            });
    Answer raw =
        post(
            "/subjects/incompatible-value/versions",
            Map.of("schema", NOTE_V2_INCOMPATIBLE.toString()));
    assertThat(raw.status()).isEqualTo(409);
    assertThat(raw.body().get("error_code").asInt()).isEqualTo(409);
  }

  @Test
  void shouldRefuseInvalidSchemaWith422AndCode42201() {
    Answer missingFields =
        post(
            "/subjects/invalid-value/versions",
            Map.of("schema", "{\"type\": \"record\", \"name\": \"Broken\"}"));
    Answer notJson = post("/subjects/invalid-value/versions", Map.of("schema", "not a schema"));
    Answer badDefault =
        post(
            "/subjects/invalid-value/versions",
            Map.of(
                "schema",
                "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\",\"default\":\"x\"}]}"));

    for (Answer answer : List.of(missingFields, notJson, badDefault)) {
      assertThat(answer.status()).isEqualTo(422);
      assertThat(answer.body().get("error_code").asInt()).isEqualTo(42201);
      assertThat(answer.body().get("message").asText()).startsWith("Invalid schema");
    }
  }

  @Test
  void shouldAnswerUnknownSubjectWith404AndCode40401() {
    Answer raw = get("/subjects/no-such-subject/versions/latest");

    assertThat(raw.status()).isEqualTo(404);
    assertThat(raw.body().get("error_code").asInt()).isEqualTo(40401);
    assertThatThrownBy(() -> client(registry).getLatestSchemaMetadata("no-such-subject"))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40401));
  }

  @Test
  void shouldAnswerOtherMissingThingsWithConfluentCodes() {
    client(registry).register("missing-value", NOTE_V1);

    assertThat(get("/schemas/ids/987654").body().get("error_code").asInt()).isEqualTo(40403);
    assertThat(get("/subjects/missing-value/versions/9").body().get("error_code").asInt())
        .isEqualTo(40402);
    assertThat(get("/subjects/missing-value/versions/zero").body().get("error_code").asInt())
        .isEqualTo(42202);
    assertThat(
            post("/subjects/missing-value", Map.of("schema", NOTE_V2_COMPATIBLE.toString()))
                .body()
                .get("error_code")
                .asInt())
        .isEqualTo(40403);
    Answer noRoute = get("/no/such/route");
    assertThat(noRoute.status()).isEqualTo(404);
    assertThat(noRoute.body().get("error_code").asInt()).isEqualTo(404);
  }

  @Test
  void shouldServeAndChangeCompatibilityConfig() {
    SchemaRegistryClient client = client(registry);
    client.register("config-value", NOTE_V1);

    assertThat(get("/config").body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");
    assertThat(get("/config/config-value").body().get("error_code").asInt()).isEqualTo(40408);
    assertThat(client.getCompatibility("config-value")).isEqualTo(CompatibilityLevel.BACKWARD);

    assertThat(client.updateCompatibility("config-value", CompatibilityLevel.NONE))
        .isEqualTo(CompatibilityLevel.NONE);

    assertThat(get("/config/config-value").body().get("compatibilityLevel").asText())
        .isEqualTo("NONE");
    assertThat(client.register("config-value", NOTE_V2_INCOMPATIBLE)).isPositive();
    Answer invalidLevel = put("/config/config-value", Map.of("compatibility", "SIDEWAYS"));
    assertThat(invalidLevel.status()).isEqualTo(422);
    assertThat(invalidLevel.body().get("error_code").asInt()).isEqualTo(42203);
  }

  @Test
  void shouldListSubjectsAndSchemaUsages() {
    int id = client(registry).register("list-a-value", NOTE_V1);
    client(registry).register("list-b-value", NOTE_V1);

    assertThat(client(registry).getAllSubjects()).contains("list-a-value", "list-b-value");
    assertThat(get("/schemas/ids/" + id + "/subjects").body())
        .extracting(JsonNode::asText)
        .contains("list-a-value", "list-b-value");
    assertThat(get("/subjects/list-a-value/versions/latest/schema").body().toString())
        .isEqualTo(NOTE_V1.toString());
  }

  @Test
  void shouldCreateSchemasTopicCompactedWithOnePartition() throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      TopicDescription topic =
          admin.describeTopics(List.of("_schemas")).allTopicNames().get().get("_schemas");
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "_schemas");
      String policy =
          admin
              .describeConfigs(List.of(resource))
              .all()
              .get()
              .get(resource)
              .get(TopicConfig.CLEANUP_POLICY_CONFIG)
              .value();

      assertThat(topic.partitions()).hasSize(1);
      assertThat(topic.partitions().get(0).replicas()).hasSize(1);
      assertThat(policy).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }
  }

  @Test
  void shouldKeepIdsAfterRestart() {
    String topic = freshTopic();
    Map<String, Integer> ids = new HashMap<>();
    try (RegistryServer first = newRegistry(topic).start()) {
      SchemaRegistryClient client = client(first);
      client.register(
          "other-value", SchemaBuilder.record("Other").fields().requiredInt("x").endRecord());
      ids.put("v1", client.register("restart-value", NOTE_V1));
      ids.put("v2", client.register("restart-value", NOTE_V2_COMPATIBLE));
      ids.put(
          "event", client.register("countline.field-events-value", FieldEvent.getClassSchema()));
      client.updateCompatibility("restart-value", CompatibilityLevel.FULL);
    }

    try (RegistryServer second = newRegistry(topic).start()) {
      SchemaRegistryClient client = client(second);

      assertThat(client.register("restart-value", NOTE_V1)).isEqualTo(ids.get("v1"));
      assertThat(client.getSchemaById(ids.get("v2"))).isEqualTo(NOTE_V2_COMPATIBLE);
      assertThat(client.getLatestSchemaMetadata("restart-value").version()).isEqualTo(2);
      assertThat(client.getSchemaById(ids.get("event"))).isEqualTo(FieldEvent.getClassSchema());
      assertThat(client.getCompatibility("restart-value")).isEqualTo(CompatibilityLevel.FULL);
      // A new schema after the restart does not reuse an id.
      int next =
          client.register(
              "after-restart-value", SchemaBuilder.record("Later").fields().endRecord());
      assertThat(next).isNotIn(ids.values());
    }
  }

  @Test
  void shouldAgreeAcrossTwoInstancesOnOneTopic() throws Exception {
    String topic = freshTopic();
    try (RegistryServer a = newRegistry(topic).start();
        RegistryServer b = newRegistry(topic).start()) {
      int idFromA = client(a).register("shared-value", NOTE_V1);

      // Found on B at once: a miss makes B catch up with the topic before answering.
      assertThat(client(b).getSchemaById(idFromA)).isEqualTo(NOTE_V1);
      assertThat(client(b).register("shared-value", NOTE_V1)).isEqualTo(idFromA);
      int idFromB = client(b).register("shared-value", NOTE_V2_COMPATIBLE);
      assertThat(idFromB).isNotEqualTo(idFromA);
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(client(a).getAllVersions("shared-value")).containsExactly(1, 2));

      // Both instances register many schemas at the same time; each must get one id everywhere.
      List<Schema> schemas = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        schemas.add(SchemaBuilder.record("Race" + i).fields().requiredInt("n" + i).endRecord());
      }
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Integer>> throughA = new ArrayList<>();
        List<Future<Integer>> throughB = new ArrayList<>();
        for (int i = 0; i < schemas.size(); i++) {
          Schema schema = schemas.get(i);
          String subject = "race-" + i + "-value";
          throughA.add(pool.submit((Callable<Integer>) () -> client(a).register(subject, schema)));
          throughB.add(pool.submit((Callable<Integer>) () -> client(b).register(subject, schema)));
        }
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < schemas.size(); i++) {
          int viaA = throughA.get(i).get();
          assertThat(throughB.get(i).get()).isEqualTo(viaA);
          assertThat(client(a).getSchemaById(viaA)).isEqualTo(schemas.get(i));
          assertThat(client(b).getSchemaById(viaA)).isEqualTo(schemas.get(i));
          ids.add(viaA);
        }
        assertThat(Set.copyOf(ids)).hasSize(schemas.size()).doesNotContain(idFromA, idFromB);
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void shouldIgnoreConflictingRecordOfRacingInstanceEverywhere() throws Exception {
    String topic = freshTopic();
    Schema other =
        SchemaBuilder.record("Other").namespace("test").fields().requiredInt("x").endRecord();
    try (RegistryServer first = newRegistry(topic).start()) {
      int winnerId = client(first).register("winner-value", NOTE_V1);
      // What an instance that lost a race would have written: the winner's id for another schema.
      String key =
          "{\"keytype\":\"SCHEMA\",\"subject\":\"loser-value\",\"version\":1,\"magic\":1,\"nonce\":\"raced\"}";
      String value =
          JSON.writeValueAsString(
              Map.of(
                  "subject",
                  "loser-value",
                  "version",
                  1,
                  "id",
                  winnerId,
                  "schema",
                  other.toString(),
                  "deleted",
                  false));
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
              new StringSerializer(),
              new StringSerializer())) {
        producer.send(new ProducerRecord<>(topic, key, value)).get();
      }

      int loserId = client(first).register("loser-value", other);

      assertThat(loserId).isNotEqualTo(winnerId);
      assertThat(client(first).getSchemaById(winnerId)).isEqualTo(NOTE_V1);
      try (RegistryServer second = newRegistry(topic).start()) {
        assertThat(client(second).getSchemaById(winnerId)).isEqualTo(NOTE_V1);
        assertThat(client(second).getSchemaById(loserId)).isEqualTo(other);
        assertThat(client(second).getLatestSchemaMetadata("loser-value").id()).isEqualTo(loserId);
      }
    }
  }

  @Test
  void shouldRequireBasicAuthWhenUsersConfigured() {
    RegistryServerConfig config =
        RegistryServerConfig.builder(bootstrapServers)
            .host("127.0.0.1")
            .port(0)
            .topic(freshTopic())
            .user("alice", "s3cret")
            .build();
    try (RegistryServer secured = new RegistryServer(config).start()) {
      Answer anonymous = send("GET", secured.url() + "/subjects", null);
      assertThat(anonymous.status()).isEqualTo(401);
      assertThat(anonymous.body().get("error_code").asInt()).isEqualTo(401);

      assertThatThrownBy(
              () ->
                  SchemaRegistryClients.create(List.of(secured.url()), "alice:wrong")
                      .getAllSubjects())
          .isInstanceOfSatisfying(
              SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
      SchemaRegistryClient alice =
          SchemaRegistryClients.create(List.of(secured.url()), "alice:s3cret");
      assertThat(alice.register("secured-value", NOTE_V1)).isPositive();
    }
  }

  @Test
  void shouldCarryFieldEventsThroughKafkaWithServerIssuedIds() {
    String topic = "countline.field-events.it";
    Map<String, Object> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url());
    List<FieldEvent> sent =
        FieldEvents.everyPayload().stream().map(FieldEvents::withPayload).toList();
    SpecificAvroSerializer<FieldEvent> serializer = new SpecificAvroSerializer<>();
    serializer.configure(serde, false);
    byte[] firstRecordBytes;
    try (KafkaProducer<String, FieldEvent> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
            new StringSerializer(),
            serializer)) {
      for (FieldEvent event : sent) {
        producer.send(new ProducerRecord<>(topic, "cliw-2022-10/kent", event));
      }
      producer.flush();
      firstRecordBytes = serializer.serialize(topic, sent.get(0));
    }

    SpecificAvroDeserializer<FieldEvent> deserializer = new SpecificAvroDeserializer<>();
    deserializer.configure(serde, false);
    List<FieldEvent> received = new ArrayList<>();
    try (KafkaConsumer<String, FieldEvent> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "registry-it",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new StringDeserializer(),
            deserializer)) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (ConsumerRecord<String, FieldEvent> record :
                    consumer.poll(Duration.ofMillis(200))) {
                  received.add(record.value());
                }
                return received.size() >= sent.size();
              });
    }

    assertThat(received).containsExactlyElementsOf(sent);
    int id = client(registry).lookup(topic + "-value", FieldEvent.getClassSchema()).id();
    assertThat(WireFormat.schemaId(firstRecordBytes)).isEqualTo(id);
  }

  record Answer(int status, JsonNode body) {}

  private static Answer get(String path) {
    return send("GET", registry.url() + path, null);
  }

  private static Answer post(String path, Object body) {
    return send("POST", registry.url() + path, body);
  }

  private static Answer put(String path, Object body) {
    return send("PUT", registry.url() + path, body);
  }

  private static Answer send(String method, String url, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url))
              .header("Content-Type", HttpSchemaRegistryClient.CONTENT_TYPE)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(
              type -> assertThat(type).startsWith(HttpSchemaRegistryClient.CONTENT_TYPE));
      return new Answer(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
