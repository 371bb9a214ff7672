package org.countline.streams.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class DecodedOnceSerdeTest {
  private final AtomicInteger decodes = new AtomicInteger();
  private final Serde<String> counting = Serdes.serdeFrom(Serdes.String().serializer(), new Deserializer<>() {
    @Override
    public String deserialize(String topic, byte[] data) {
      decodes.incrementAndGet();
      return data == null ? null : new String(data, StandardCharsets.UTF_8);
    }
  });
  private final Deserializer<String> deserializer = new DecodedOnceSerde<>(counting).deserializer();

  @Test
  void shouldDecodeEqualBytesOnceAndReturnTheSameValue() {
    String first = deserializer.deserialize("t", bytes("kent"));
    String second = deserializer.deserialize("t", bytes("kent"));

    assertEquals("kent", first);
    assertSame(first, second);
    assertEquals(1, decodes.get());
  }

  @Test
  void shouldDecodeChangedBytesAnew() {
    deserializer.deserialize("t", bytes("open"));
    String changed = deserializer.deserialize("t", bytes("closed"));

    assertEquals("closed", changed);
    assertEquals(2, decodes.get());
  }

  @Test
  void shouldNotBeFooledByTheCallerReusingItsArray() {
    byte[] reused = bytes("abcd");
    deserializer.deserialize("t", reused);
    System.arraycopy(bytes("wxyz"), 0, reused, 0, 4);

    assertEquals("wxyz", deserializer.deserialize("t", reused));
    assertEquals("abcd", deserializer.deserialize("t", bytes("abcd")));
  }

  @Test
  void shouldPassNullThrough() {
    assertNull(deserializer.deserialize("t", null));
  }

  @Test
  void shouldStartAgainPastItsLimitAndStillDecodeCorrectly() {
    for (int i = 0; i <= DecodedOnceSerde.MAX_ENTRIES; i++) {
      assertEquals("v" + i, deserializer.deserialize("t", bytes("v" + i)));
    }
    int before = decodes.get();

    assertEquals("v0", deserializer.deserialize("t", bytes("v0")));
    assertEquals(before + 1, decodes.get());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
