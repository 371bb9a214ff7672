package org.countline.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.avro.SchemaBuilder;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.avro.AvroSchema;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.CachedSchemaRegistryClient;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.SchemaMetadata;
import org.apache.flink.avro.registry.confluent.shaded.io.confluent.kafka.schemaregistry.client.rest.exceptions.RestClientException;
import org.apache.flink.avro.shaded.org.apache.avro.Schema;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericData;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumReader;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericDatumWriter;
import org.apache.flink.avro.shaded.org.apache.avro.generic.GenericRecord;
import org.apache.flink.avro.shaded.org.apache.avro.io.BinaryEncoder;
import org.apache.flink.avro.shaded.org.apache.avro.io.DecoderFactory;
import org.apache.flink.avro.shaded.org.apache.avro.io.EncoderFactory;
import org.apache.flink.formats.avro.registry.confluent.ConfluentSchemaRegistryCoder;
import org.countline.avro.Arrest;
import org.countline.avro.FieldEvent;
import org.countline.avro.Seizure;
import org.countline.registry.client.SchemaRegistryClient;
import org.countline.registry.client.SchemaRegistryClients;
import org.countline.registry.serde.AvroSerdeConfig;
import org.countline.registry.serde.SpecificAvroSerde;
import org.countline.registry.serde.WireFormat;
import org.countline.registry.testing.EmbeddedKafka;
import org.countline.registry.testing.EmbeddedKafkaExtension;
import org.countline.registry.testing.FieldEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Confluent's own schema registry client (7.5.3, as relocated inside {@code
 * flink-sql-avro-confluent-registry}) against {@link RegistryServer}, and the wire format checked
 * against Flink's Confluent coder.
 *
 * <p>That jar carries Confluent's client but not Confluent's {@code KafkaAvroSerializer} / {@code
 * KafkaAvroDeserializer}; the cross-decoding tests use Flink's {@code ConfluentSchemaRegistryCoder}
 * (the magic byte and id, through Confluent's client) with the jar's relocated Avro for the body,
 * an implementation independent of ours.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ConfluentClientIT {

  private static final String TOPIC = "countline.field-events";
  private static final String SUBJECT = TOPIC + "-value";

  private static RegistryServer registry;
  private static CachedSchemaRegistryClient confluent;
  private static SchemaRegistryClient ours;

  @BeforeAll
  static void startRegistry(EmbeddedKafka kafka) {
    registry =
        new RegistryServer(
                RegistryServerConfig.builder(kafka.bootstrapServers())
                    .host("127.0.0.1")
                    .port(0)
                    .topic("_schemas-confluent")
                    .build())
            .start();
    confluent = new CachedSchemaRegistryClient(registry.url(), 100);
    ours = SchemaRegistryClients.create(List.of(registry.url()), null);
  }

  @AfterAll
  static void stopRegistry() {
    registry.close();
  }

  @Test
  void shouldGiveConfluentClientTheIdOurSerializerWrites() throws Exception {
    byte[] ourBytes;
    try (SpecificAvroSerde<FieldEvent> serde = new SpecificAvroSerde<>()) {
      serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()), false);
      ourBytes = serde.serializer().serialize(TOPIC, FieldEvents.withPayload(new Arrest(1, 0, 0)));
    }
    AvroSchema sameSchema = new AvroSchema(FieldEvent.getClassSchema().toString());

    assertThat(confluent.getId(SUBJECT, sameSchema)).isEqualTo(WireFormat.schemaId(ourBytes));
    assertThat(confluent.register(SUBJECT, sameSchema)).isEqualTo(WireFormat.schemaId(ourBytes));
    assertThat(confluent.getSchemaById(WireFormat.schemaId(ourBytes)).canonicalString())
        .isEqualTo(FieldEvent.getClassSchema().toString());
  }

  @Test
  void shouldRegisterAndFetchThroughConfluentClient() throws Exception {
    String subject = "confluent-notes-value";
    AvroSchema v1 =
        new AvroSchema(
            "{\"type\":\"record\",\"name\":\"Note\",\"fields\":[{\"name\":\"text\",\"type\":\"string\"}]}");
    AvroSchema v2 =
        new AvroSchema(
            "{\"type\":\"record\",\"name\":\"Note\",\"fields\":[{\"name\":\"text\",\"type\":\"string\"},"
                + "{\"name\":\"tag\",\"type\":\"string\",\"default\":\"\"}]}");

    int id1 = confluent.register(subject, v1);
    int id2 = confluent.register(subject, v2);
    // A fresh Confluent client: answers come from the server, not the first client's cache.
    CachedSchemaRegistryClient fresh = new CachedSchemaRegistryClient(registry.url(), 100);
    SchemaMetadata latest = fresh.getLatestSchemaMetadata(subject);

    assertThat(latest.getId()).isEqualTo(id2);
    assertThat(latest.getVersion()).isEqualTo(2);
    assertThat(latest.getSchema()).isEqualTo(v2.canonicalString());
    assertThat(fresh.getSchemaById(id1)).isEqualTo(v1);
    assertThat(fresh.getVersion(subject, v1)).isEqualTo(1);
    assertThat(fresh.getAllVersions(subject)).containsExactly(1, 2);
    assertThat(fresh.getAllSubjects()).contains(subject);
    assertThat(ours.getSchemaById(id1)).hasToString(v1.canonicalString());
  }

  @Test
  void shouldAnswerConfluentClientsErrorsWithConfluentCodes() throws Exception {
    String subject = "confluent-strict-value";
    confluent.register(
        subject,
        new AvroSchema(
            "{\"type\":\"record\",\"name\":\"S\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}"));
    AvroSchema incompatible =
        new AvroSchema(
            "{\"type\":\"record\",\"name\":\"S\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\"}]}");

    assertThat(confluent.testCompatibility(subject, incompatible)).isFalse();
    assertThatThrownBy(() -> confluent.register(subject, incompatible))
        .isInstanceOfSatisfying(
            RestClientException.class,
            e -> {
              assertThat(e.getStatus()).isEqualTo(409);
              assertThat(e.getErrorCode()).isEqualTo(409);
            });
    assertThatThrownBy(() -> confluent.getLatestSchemaMetadata("confluent-missing-value"))
        .isInstanceOfSatisfying(
            RestClientException.class, e -> assertThat(e.getErrorCode()).isEqualTo(40401));
    assertThatThrownBy(
            () -> new CachedSchemaRegistryClient(registry.url(), 10).getSchemaById(424242))
        .isInstanceOfSatisfying(
            RestClientException.class, e -> assertThat(e.getErrorCode()).isEqualTo(40403));
  }

  @Test
  void shouldChangeCompatibilityThroughConfluentClient() throws Exception {
    String subject = "confluent-config-value";
    confluent.register(
        subject, new AvroSchema("{\"type\":\"record\",\"name\":\"C\",\"fields\":[]}"));

    confluent.updateCompatibility(subject, "FULL_TRANSITIVE");

    assertThat(confluent.getCompatibility(subject)).isEqualTo("FULL_TRANSITIVE");
    assertThat(ours.getCompatibility(subject)).hasToString("FULL_TRANSITIVE");
  }

  @Test
  void shouldDecodeOurBytesWithFlinksConfluentCoder() throws Exception {
    FieldEvent event =
        FieldEvents.withPayload(
            FieldEvents.everyPayload().stream()
                .filter(Seizure.class::isInstance)
                .findFirst()
                .orElseThrow());
    byte[] ourBytes;
    try (SpecificAvroSerde<FieldEvent> serde = new SpecificAvroSerde<>()) {
      serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()), false);
      ourBytes = serde.serializer().serialize(TOPIC, event);
    }

    InputStream in = new ByteArrayInputStream(ourBytes);
    Schema writer =
        new ConfluentSchemaRegistryCoder(
                SUBJECT, new CachedSchemaRegistryClient(registry.url(), 10))
            .readSchema(in);
    GenericRecord theirs =
        new GenericDatumReader<GenericRecord>(writer)
            .read(null, DecoderFactory.get().binaryDecoder(in, null));

    assertThat(theirs.get("eventId")).hasToString(event.getEventId());
    assertThat(theirs.get("force")).hasToString("kent");
    assertThat(theirs.get("occurredAt")).isEqualTo(FieldEvents.OCCURRED_AT.toEpochMilli());
    GenericRecord seizure = (GenericRecord) theirs.get("payload");
    assertThat(seizure.getSchema().getName()).isEqualTo("Seizure");
    assertThat(seizure.get("cashPence")).isEqualTo(((Seizure) event.getPayload()).getCashPence());
    assertThat(in.available()).isZero();
  }

  @Test
  void shouldDecodeFlinksConfluentCoderBytesWithOurDeserializer() throws Exception {
    Schema schema = new Schema.Parser().parse(FieldEvent.getClassSchema().toString());
    GenericRecord arrest =
        new GenericData.Record(schema.getField("payload").schema().getTypes().get(0));
    arrest.put("count", 3);
    arrest.put("charged", 2);
    arrest.put("remanded", 1);
    GenericRecord event = new GenericData.Record(schema);
    event.put("eventId", "5b0f3c1e-2a6d-4c1e-9d1e-6a1f0c2b7e11");
    event.put("revision", 1);
    event.put("operationId", "cliw-2022-10");
    event.put("force", "kent");
    event.put("occurredAt", FieldEvents.OCCURRED_AT.toEpochMilli());
    event.put("reportedAt", FieldEvents.REPORTED_AT.toEpochMilli());
    event.put("reporter", "r-1842");
    event.put("source", new GenericData.EnumSymbol(schema.getField("source").schema(), "GATEWAY"));
    event.put("payload", arrest);

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ConfluentSchemaRegistryCoder(
            "flink-" + SUBJECT, new CachedSchemaRegistryClient(registry.url(), 10))
        .writeSchema(schema, out);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema).write(event, encoder);
    encoder.flush();

    FieldEvent read;
    try (SpecificAvroSerde<FieldEvent> serde = new SpecificAvroSerde<>()) {
      serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, registry.url()), false);
      read = serde.deserializer().deserialize("flink-topic", out.toByteArray());
    }
    assertThat(read).isEqualTo(FieldEvents.withPayload(new Arrest(3, 2, 1)));
  }

  @Test
  void shouldShareIdsBetweenOurClientAndConfluentsForNewSchemas() throws Exception {
    org.apache.avro.Schema mine =
        SchemaBuilder.record("Shared").namespace("test").fields().requiredLong("n").endRecord();

    int viaOurs = ours.register("shared-ids-value", mine);

    assertThat(confluent.register("shared-ids-value", new AvroSchema(mine.toString())))
        .isEqualTo(viaOurs);
    assertThat(confluent.register("another-subject-value", new AvroSchema(mine.toString())))
        .isEqualTo(viaOurs);
  }
}
