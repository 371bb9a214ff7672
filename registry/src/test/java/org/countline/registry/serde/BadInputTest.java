package org.countline.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.countline.avro.FieldEvent;
import org.countline.avro.Seizure;
import org.countline.registry.client.MockSchemaRegistry;
import org.countline.registry.testing.FieldEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bytes that are not a valid record give a SerializationException naming topic and reason. */
class BadInputTest {

  private static final String SCOPE = "bad-input-test";
  private static final String TOPIC = "countline.field-events";

  private SpecificAvroSerde<FieldEvent> serde;
  private byte[] valid;

  @BeforeEach
  void writeOneValidRecord() {
    serde = new SpecificAvroSerde<>();
    serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + SCOPE), false);
    Seizure seizure =
        (Seizure)
            FieldEvents.everyPayload().stream()
                .filter(Seizure.class::isInstance)
                .findFirst()
                .orElseThrow();
    valid = serde.serializer().serialize(TOPIC, FieldEvents.withPayload(seizure));
  }

  @AfterEach
  void dropRegistry() {
    serde.close();
    MockSchemaRegistry.drop(SCOPE);
  }

  @Test
  void shouldRejectWrongMagicByte() {
    byte[] bytes = valid.clone();
    bytes[0] = 1;

    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("unknown magic byte 0x01");
  }

  @Test
  void shouldRejectPlainJsonAsWrongMagicByte() {
    byte[] json = "{\"eventId\": \"x\"}".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, json))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("magic byte 0x7b");
  }

  @Test
  void shouldRejectRecordShorterThanHeader() {
    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("shorter than the 5-byte header");
    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("0 bytes");
  }

  @Test
  void shouldRejectTruncatedPayload() {
    byte[] truncated = Arrays.copyOf(valid, valid.length - 3);

    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("truncated");
  }

  @Test
  void shouldRejectEveryTruncationWithSerializationExceptionOnly() {
    for (int length = 0; length < valid.length; length++) {
      byte[] truncated = Arrays.copyOf(valid, length);

      assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
          .as("a record cut to %d of %d bytes", length, valid.length)
          .isInstanceOf(SerializationException.class)
          .hasMessageContaining(TOPIC);
    }
  }

  @Test
  void shouldRejectUnknownSchemaId() {
    byte[] bytes = valid.clone();
    bytes[1] = 0;
    bytes[2] = 0;
    bytes[3] = 0x03;
    bytes[4] = (byte) 0xe7; // id 999

    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC)
        .hasMessageContaining("unknown schema id 999");
  }

  @Test
  void shouldKeepReadingGoodRecordsAfterBadOnes() {
    byte[] bad = valid.clone();
    bad[0] = 9;
    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, bad))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, Arrays.copyOf(valid, 9)))
        .isInstanceOf(SerializationException.class);

    assertThat(serde.deserializer().deserialize(TOPIC, valid).getForce()).isEqualTo("kent");
  }
}
