package org.countline.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.countline.avro.Arrest;
import org.countline.avro.FieldEvent;
import org.countline.avro.Force;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.avro.Totals;
import org.countline.registry.client.MockSchemaRegistry;
import org.countline.registry.testing.CountingRegistryClient;
import org.countline.registry.testing.FieldEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Avro serdes against the in-memory registry: round trips, evolution, subjects, settings. */
class SpecificAvroSerdeTest {

  private static final String SCOPE = "specific-avro-serde-test";
  private static final String URL = "mock://" + SCOPE;
  private static final String TOPIC = "countline.field-events";

  @AfterEach
  void dropRegistry() {
    MockSchemaRegistry.drop(SCOPE);
  }

  static List<Object> everyPayload() {
    return FieldEvents.everyPayload();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyPayload")
  void shouldRoundTripEveryEventPayloadType(Object payload) {
    FieldEvent event = FieldEvents.withPayload(payload);
    try (SpecificAvroSerde<FieldEvent> serde = configured(new SpecificAvroSerde<>(), Map.of())) {
      byte[] bytes = serde.serializer().serialize(TOPIC, event);

      FieldEvent read = serde.deserializer().deserialize(TOPIC, bytes);

      assertThat(read).isEqualTo(event);
      assertThat(read.getPayload()).isInstanceOf(payload.getClass()).isEqualTo(payload);
    }
  }

  @Test
  void shouldRoundTripTotalsForcesAndOperations() {
    Totals totals =
        Totals.newBuilder().setEvents(412).setArrests(56).setCocaineMg(5_000_000).build();
    Force force = new Force("kent", "Kent Police", "south-east", "South East");
    // Built by name, not by the all-fields constructor, so fields added with defaults need no edit.
    Operation operation =
        Operation.newBuilder()
            .setId("cliw-2022-10")
            .setName("County lines week")
            .setStart(LocalDate.of(2022, 10, 3))
            .setEnd(LocalDate.of(2022, 10, 9))
            .setStatus(OperationStatus.OPEN)
            .build();

    assertThat(roundTrip("countline.totals.force", totals)).isEqualTo(totals);
    assertThat(roundTrip("countline.forces", force)).isEqualTo(force);
    assertThat(roundTrip("countline.operations", operation)).isEqualTo(operation);
  }

  @Test
  void shouldReturnNullForNullRecordAndNullBytes() {
    try (SpecificAvroSerde<FieldEvent> serde = configured(new SpecificAvroSerde<>(), Map.of())) {
      assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
      assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }
  }

  @Test
  void shouldReadRecordWrittenWithOlderSchemaIntoCurrentClass() {
    // Force as first released: no regionName (the current schema adds it with default "").
    Schema older =
        SchemaBuilder.record("Force")
            .namespace("org.countline.avro")
            .fields()
            .requiredString("code")
            .requiredString("name")
            .requiredString("region")
            .endRecord();
    GenericRecord written = new GenericData.Record(older);
    written.put("code", "kent");
    written.put("name", "Kent Police");
    written.put("region", "south-east");
    byte[] bytes;
    try (GenericAvroSerde generic = configured(new GenericAvroSerde(), Map.of())) {
      bytes = generic.serializer().serialize("countline.forces", written);
    }

    try (SpecificAvroSerde<Force> serde =
        configured(new SpecificAvroSerde<>(Force.class), Map.of())) {
      Force read = serde.deserializer().deserialize("countline.forces", bytes);

      assertThat(read).isEqualTo(new Force("kent", "Kent Police", "south-east", ""));
    }
  }

  @Test
  void shouldReadRecordWrittenWithNewerSchemaIntoCurrentClass() {
    Schema newer =
        SchemaBuilder.record("Force")
            .namespace("org.countline.avro")
            .fields()
            .requiredString("code")
            .requiredString("name")
            .requiredString("region")
            .name("regionName")
            .type()
            .stringType()
            .stringDefault("")
            .name("established")
            .type()
            .intType()
            .intDefault(0)
            .endRecord();
    GenericRecord written = new GenericData.Record(newer);
    written.put("code", "kent");
    written.put("name", "Kent Police");
    written.put("region", "south-east");
    written.put("regionName", "South East");
    written.put("established", 1857);
    byte[] bytes;
    try (GenericAvroSerde generic = configured(new GenericAvroSerde(), Map.of())) {
      bytes = generic.serializer().serialize("countline.forces", written);
    }

    try (SpecificAvroSerde<Force> serde = configured(new SpecificAvroSerde<>(), Map.of())) {
      assertThat(serde.deserializer().deserialize("countline.forces", bytes))
          .isEqualTo(new Force("kent", "Kent Police", "south-east", "South East"));
    }
  }

  @Test
  void shouldCallRegistryOncePerSchemaNotPerRecord() {
    CountingRegistryClient client = new CountingRegistryClient(MockSchemaRegistry.scope(SCOPE));
    SpecificAvroSerde<FieldEvent> serde = new SpecificAvroSerde<>(client);
    serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, URL), false);

    for (int i = 0; i < 1_000; i++) {
      for (Object payload : FieldEvents.everyPayload()) {
        byte[] bytes = serde.serializer().serialize(TOPIC, FieldEvents.withPayload(payload));
        serde.deserializer().deserialize(TOPIC, bytes);
      }
    }

    // One registration; the id it returned is then known to the client, but the deserializer
    // fetches the writer schema once by id through the client all the same.
    assertThat(client.calls()).isEqualTo(2);
  }

  @Test
  void shouldTrustGeneratedClassesWithoutAnySystemProperty() throws Exception {
    assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();
    byte[] bytes = roundTripBytes(FieldEvents.withPayload(new Arrest(1, 0, 0)));
    ClassSecurityValidator.ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.DEFAULT);
    try {
      // Avro alone refuses to load the generated classes (a fresh model, so no class is cached)...
      assertThatThrownBy(() -> ClassSecurityValidator.validate(Arrest.class))
          .isInstanceOf(SecurityException.class);
      assertThatThrownBy(() -> readWithFreshAvroModel(bytes)).isInstanceOf(SecurityException.class);

      // ...and a deserializer, once made, has them trusted.
      try (SpecificAvroSerde<FieldEvent> serde = configured(new SpecificAvroSerde<>(), Map.of())) {
        assertThat(serde.deserializer().deserialize(TOPIC, bytes).getPayload())
            .isEqualTo(new Arrest(1, 0, 0));
      }
      ClassSecurityValidator.validate(Arrest.class);
      assertThat(readWithFreshAvroModel(bytes)).isNotNull();
    } finally {
      ClassSecurityValidator.setGlobal(before);
    }
  }

  private static Object readWithFreshAvroModel(byte[] bytes) throws java.io.IOException {
    Schema schema = FieldEvent.getClassSchema();
    SpecificDatumReader<Object> reader =
        new SpecificDatumReader<>(schema, schema, new SpecificData());
    return reader.read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
  }

  @Test
  void shouldRegisterValuesUnderTopicValueSubjectByDefault() {
    roundTrip(TOPIC, FieldEvents.withPayload(new Arrest(1, 0, 0)));

    assertThat(MockSchemaRegistry.scope(SCOPE).getAllSubjects()).containsExactly(TOPIC + "-value");
  }

  @Test
  void shouldRegisterKeysUnderTopicKeySubject() {
    try (SpecificAvroSerde<Force> serde = new SpecificAvroSerde<>()) {
      serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, URL), true);
      serde.serializer().serialize("countline.forces", new Force("kent", "Kent", "south-east", ""));
    }

    assertThat(MockSchemaRegistry.scope(SCOPE).getAllSubjects())
        .containsExactly("countline.forces-key");
  }

  @Test
  void shouldNameSubjectsWithConfluentStrategyClassNames() {
    FieldEvent event = FieldEvents.withPayload(new Arrest(1, 0, 0));
    try (SpecificAvroSerde<FieldEvent> serde =
        configured(
            new SpecificAvroSerde<>(),
            Map.of(
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                "io.confluent.kafka.serializers.subject.RecordNameStrategy"))) {
      serde.serializer().serialize(TOPIC, event);
    }
    try (SpecificAvroSerde<FieldEvent> serde =
        configured(
            new SpecificAvroSerde<>(),
            Map.of(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "TopicRecordNameStrategy"))) {
      serde.serializer().serialize(TOPIC, event);
    }

    assertThat(MockSchemaRegistry.scope(SCOPE).getAllSubjects())
        .containsExactlyInAnyOrder(
            "org.countline.avro.FieldEvent", TOPIC + "-org.countline.avro.FieldEvent");
  }

  @Test
  void shouldRejectUnknownSubjectNameStrategy() {
    SpecificAvroSerde<FieldEvent> serde = new SpecificAvroSerde<>();

    assertThatThrownBy(
            () ->
                serde.configure(
                    Map.of(
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
                        URL,
                        AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY,
                        "com.example.MyStrategy"),
                    false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("com.example.MyStrategy");
  }

  @Test
  void shouldFailNamingTopicWhenSchemaUnregisteredAndAutoRegisterOff() {
    try (SpecificAvroSerde<FieldEvent> serde =
        configured(
            new SpecificAvroSerde<>(), Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, "false"))) {
      FieldEvent event = FieldEvents.withPayload(new Arrest(1, 0, 0));

      assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, event))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining(TOPIC)
          .hasMessageContaining("Subject '" + TOPIC + "-value' not found");
    }
  }

  @Test
  void shouldUseRegisteredIdWhenAutoRegisterOff() {
    int id =
        MockSchemaRegistry.scope(SCOPE).register(TOPIC + "-value", FieldEvent.getClassSchema());
    try (SpecificAvroSerde<FieldEvent> serde =
        configured(
            new SpecificAvroSerde<>(), Map.of(AvroSerdeConfig.AUTO_REGISTER_SCHEMAS, false))) {
      byte[] bytes =
          serde.serializer().serialize(TOPIC, FieldEvents.withPayload(new Arrest(1, 0, 0)));

      assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
    }
  }

  @Test
  void shouldWriteWithLatestVersionIdWhenUseLatestVersion() {
    MockSchemaRegistry registry = MockSchemaRegistry.scope(SCOPE);
    registry.register("unrelated", SchemaBuilder.record("Unrelated").fields().endRecord());
    int latest = registry.register(TOPIC + "-value", FieldEvent.getClassSchema());
    try (SpecificAvroSerde<FieldEvent> serde =
        configured(
            new SpecificAvroSerde<>(),
            Map.of(
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS,
                false,
                AvroSerdeConfig.USE_LATEST_VERSION,
                true))) {
      byte[] bytes =
          serde.serializer().serialize(TOPIC, FieldEvents.withPayload(new Arrest(1, 0, 0)));

      assertThat(WireFormat.schemaId(bytes)).isEqualTo(latest);
    }
  }

  @Test
  void shouldRefuseLatestVersionThatIsNotTheRecordSchema() {
    MockSchemaRegistry.scope(SCOPE)
        .register(
            TOPIC + "-value", SchemaBuilder.record("Other").fields().requiredInt("x").endRecord());
    try (SpecificAvroSerde<FieldEvent> serde =
        configured(new SpecificAvroSerde<>(), Map.of(AvroSerdeConfig.USE_LATEST_VERSION, true))) {
      FieldEvent event = FieldEvents.withPayload(new Arrest(1, 0, 0));

      assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, event))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining("use.latest.version")
          .hasMessageContaining(TOPIC);
    }
  }

  @Test
  void shouldReadGenericOrSpecificAsSpecificAvroReaderSays() {
    FieldEvent event = FieldEvents.withPayload(new Arrest(2, 1, 0));
    byte[] bytes = roundTripBytes(event);

    AvroDeserializer generic = new AvroDeserializer();
    generic.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, URL), false);
    AvroDeserializer specific = new AvroDeserializer();
    specific.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
            URL,
            AvroSerdeConfig.SPECIFIC_AVRO_READER_CONFIG,
            "true"),
        false);

    Object asGeneric = generic.deserialize(TOPIC, bytes);
    assertThat(asGeneric).isInstanceOf(GenericData.Record.class);
    assertThat(((GenericRecord) asGeneric).get("force").toString()).isEqualTo("kent");
    assertThat(specific.deserialize(TOPIC, bytes)).isEqualTo(event);
  }

  @Test
  void shouldReadIntoConfiguredValueType() {
    Force force = new Force("kent", "Kent Police", "south-east", "South East");
    byte[] bytes;
    try (SpecificAvroSerde<Force> serde = configured(new SpecificAvroSerde<>(), Map.of())) {
      bytes = serde.serializer().serialize("countline.forces", force);
    }
    SpecificAvroDeserializer<Force> deserializer = new SpecificAvroDeserializer<>();
    deserializer.configure(
        Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG,
            URL,
            AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE_CONFIG,
            Force.class),
        false);

    assertThat(deserializer.deserialize("countline.forces", bytes)).isEqualTo(force);
  }

  @Test
  void shouldRoundTripGenericRecords() {
    Schema schema =
        SchemaBuilder.record("Note")
            .namespace("test")
            .fields()
            .requiredString("text")
            .requiredLong("at")
            .endRecord();
    GenericRecord note = new GenericData.Record(schema);
    note.put("text", "hello");
    note.put("at", 42L);
    try (GenericAvroSerde serde = configured(new GenericAvroSerde(), Map.of())) {
      GenericRecord read =
          serde.deserializer().deserialize("notes", serde.serializer().serialize("notes", note));

      assertThat(read.get("text").toString()).isEqualTo("hello");
      assertThat(read.get("at")).isEqualTo(42L);
    }
  }

  @Test
  void shouldFailNamingTopicWhenRecordCannotBeWritten() {
    FieldEvent incomplete = FieldEvents.withPayload(new Arrest(1, 0, 0));
    incomplete.setForce(null);
    try (SpecificAvroSerde<FieldEvent> serde = configured(new SpecificAvroSerde<>(), Map.of())) {
      assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, incomplete))
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining(TOPIC)
          .hasMessageContaining("force");
      // The thread's reused buffer is still good after a failed write.
      FieldEvent fine = FieldEvents.withPayload(new Arrest(1, 0, 0));
      assertThat(serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, fine)))
          .isEqualTo(fine);
    }
  }

  @Test
  void shouldSayConfigureWhenUsedUnconfigured() {
    SpecificAvroSerializer<FieldEvent> serializer = new SpecificAvroSerializer<>();

    assertThatThrownBy(
            () -> serializer.serialize(TOPIC, FieldEvents.withPayload(new Arrest(1, 0, 0))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG);
  }

  @Test
  void shouldRequireRegistryUrl() {
    SpecificAvroSerde<FieldEvent> serde = new SpecificAvroSerde<>();

    assertThatThrownBy(() -> serde.configure(Map.of(), false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG);
  }

  private <T extends org.apache.avro.specific.SpecificRecord> T roundTrip(String topic, T record) {
    try (SpecificAvroSerde<T> serde = configured(new SpecificAvroSerde<>(), Map.of())) {
      return serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, record));
    }
  }

  private byte[] roundTripBytes(FieldEvent event) {
    try (SpecificAvroSerde<FieldEvent> serde = configured(new SpecificAvroSerde<>(), Map.of())) {
      return serde.serializer().serialize(TOPIC, event);
    }
  }

  private static <S extends org.apache.kafka.common.serialization.Serde<?>> S configured(
      S serde, Map<String, ?> extra) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, URL);
    serde.configure(config, false);
    return serde;
  }
}
