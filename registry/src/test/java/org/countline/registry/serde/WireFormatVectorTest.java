package org.countline.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.countline.avro.Arrest;
import org.countline.avro.FieldEvent;
import org.countline.avro.Source;
import org.countline.registry.client.MockSchemaRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact vectors of the wire format, derived by hand from the Avro specification, so a change
 * in the serializer that moves a single byte fails here even if it still round-trips.
 */
class WireFormatVectorTest {

  private static final String SCOPE = "wire-format-vector";
  private static final String TOPIC = "countline.field-events";

  /**
   * A FieldEvent with short fields, schema id 1.
   *
   * <pre>
   * 00                magic byte
   * 00 00 00 01       schema id 1, big-endian
   * 04 65 31          eventId "e1": length 2 (zig-zag 4), then UTF-8
   * 02                revision 1 (zig-zag 2)
   * 04 6f 70          operationId "op"
   * 08 6b 65 6e 74    force "kent"
   * d0 0f             occurredAt 1000 ms: zig-zag 2000 = 0b1111_1010000, low 7 bits first with the
   *                   continuation bit (0x50|0x80), then 0x0f
   * a0 1f             reportedAt 2000 ms: zig-zag 4000 = (0x20|0x80), 0x1f
   * 04 72 31          reporter "r1"
   * 00                source APP, enum index 0
   * 00                payload union branch 0: Arrest
   * 04 02 00          Arrest count 2, charged 1, remanded 0
   * </pre>
   */
  private static final String KNOWN_EVENT_HEX =
      "00"
          + "00000001"
          + "046531"
          + "02"
          + "046f70"
          + "086b656e74"
          + "d00f"
          + "a01f"
          + "047231"
          + "00"
          + "00"
          + "040200";

  private final FieldEvent knownEvent =
      FieldEvent.newBuilder()
          .setEventId("e1")
          .setRevision(1)
          .setOperationId("op")
          .setForce("kent")
          .setOccurredAt(Instant.ofEpochMilli(1000))
          .setReportedAt(Instant.ofEpochMilli(2000))
          .setReporter("r1")
          .setSource(Source.APP)
          .setPayload(new Arrest(2, 1, 0))
          .build();

  private SpecificAvroSerde<FieldEvent> serde;

  @BeforeEach
  void configureSerdeOnEmptyRegistry() {
    MockSchemaRegistry.drop(SCOPE);
    serde = new SpecificAvroSerde<>();
    serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + SCOPE), false);
  }

  @AfterEach
  void dropRegistry() {
    serde.close();
    MockSchemaRegistry.drop(SCOPE);
  }

  @Test
  void shouldEncodeKnownFieldEventToKnownBytes() {
    byte[] bytes = serde.serializer().serialize(TOPIC, knownEvent);

    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(KNOWN_EVENT_HEX);
  }

  @Test
  void shouldDecodeKnownBytesToKnownFieldEvent() {
    MockSchemaRegistry.scope(SCOPE).register(TOPIC + "-value", FieldEvent.getClassSchema());

    FieldEvent decoded =
        serde.deserializer().deserialize(TOPIC, HexFormat.of().parseHex(KNOWN_EVENT_HEX));

    assertThat(decoded).isEqualTo(knownEvent);
  }

  @Test
  void shouldCarrySchemaIdBigEndianAfterMagicByte() {
    MockSchemaRegistry registry = MockSchemaRegistry.scope(SCOPE);
    // Fill ids 1..299 with other schemas so FieldEvent gets id 300 = 0x0000012c.
    for (int i = 1; i < 300; i++) {
      registry.register(
          "filler-" + i, org.apache.avro.SchemaBuilder.record("Filler" + i).fields().endRecord());
    }

    byte[] bytes = serde.serializer().serialize(TOPIC, knownEvent);

    assertThat(HexFormat.of().formatHex(bytes, 0, 5)).isEqualTo("000000012c");
    assertThat(WireFormat.schemaId(bytes)).isEqualTo(300);
  }
}
