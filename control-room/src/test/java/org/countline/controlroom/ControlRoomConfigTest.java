package org.countline.controlroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControlRoomConfigTest {
  @Test
  void shouldDefaultToPort8080OnAllInterfacesWithAHeartbeatEvery15Seconds() {
    ControlRoomConfig config = ControlRoomConfig.of("localhost:9092", Map.of("schema.registry.url", "http://localhost:8081"));

    assertThat(config.port()).isEqualTo(8080);
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.heartbeat()).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void shouldRefuseAPortOutOfRangeAndABlankBroker() {
    ControlRoomConfig config = ControlRoomConfig.of("localhost:9092", Map.of());

    assertThatThrownBy(() -> config.withPort(70_000)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("70000");
    assertThatThrownBy(() -> ControlRoomConfig.of(" ", Map.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config.withHeartbeat(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldNotPrintSettingValuesThatMayBeCredentials() {
    ControlRoomConfig config = ControlRoomConfig.of("localhost:9092",
        Map.of("schema.registry.url", "http://user:secret@registry:8081"));

    assertThat(config.toString()).contains("schema.registry.url").doesNotContain("secret");
  }
}
