package org.countline.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.config.TopicConfig;
import org.countline.core.ReferenceData;
import org.junit.jupiter.api.Test;

class GatewayTokensTest {
  @Test
  void shouldMakeRandomUrlSafeTokensOfAtLeast128Bits() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String token = GatewayTokens.newToken();
      assertThat(token).startsWith("clt_").matches("clt_[A-Za-z0-9_-]{43}");
      assertThat(seen.add(token)).isTrue();
    }
  }

  @Test
  void shouldStoreTheSha256OfATokenInHex() {
    // The SHA-256 test vector of FIPS 180-2 for "abc".
    assertThat(GatewayTokens.hash("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(GatewayTokens.hash("clt_x")).hasSize(64).isNotEqualTo(GatewayTokens.hash("clt_y"));
  }

  @Test
  void shouldKeepTokensInACompactedTopicOfOnePartition() {
    assertThat(GatewayTokens.topic().name()).isEqualTo("countline.gateway.tokens");
    assertThat(GatewayTokens.topic().numPartitions()).isEqualTo(1);
    assertThat(GatewayTokens.topic().configs()).containsEntry(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
  }

  @Test
  void shouldRefuseATokenForAnUnknownForceBeforeTouchingKafka() {
    assertThatThrownBy(() -> GatewayTokens.issue("localhost:1", ReferenceData.defaults(), "atlantis", Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown force 'atlantis'")
        .hasMessageContaining("kent");
  }
}
