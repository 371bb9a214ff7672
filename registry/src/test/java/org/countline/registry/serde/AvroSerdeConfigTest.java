package org.countline.registry.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Confluent's property names, defaults and values, as the serdes read them. */
class AvroSerdeConfigTest {

  @Test
  void shouldDefaultAsConfluentDoes() {
    AvroSerdeConfig config =
        new AvroSerdeConfig(
            Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "http://a:8081, http://b:8081"));

    assertThat(config.urls()).containsExactly("http://a:8081", "http://b:8081");
    assertThat(config.autoRegisterSchemas()).isTrue();
    assertThat(config.useLatestVersion()).isFalse();
    assertThat(config.specificAvroReader()).isFalse();
    assertThat(config.subjectNameStrategy(false)).isEqualTo(SubjectNameStrategy.TOPIC_NAME);
    assertThat(config.userInfo()).isNull();
  }

  @Test
  void shouldUseUserInfoOnlyWhenSourceIsUserInfo() {
    Map<String, Object> withUserInfo =
        Map.of(
            AvroSerdeConfig.USER_INFO_CONFIG,
            "alice:s3cret",
            AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
            "USER_INFO");

    assertThat(new AvroSerdeConfig(withUserInfo).userInfo()).isEqualTo("alice:s3cret");
    assertThat(
            new AvroSerdeConfig(Map.of(AvroSerdeConfig.USER_INFO_CONFIG, "alice:s3cret"))
                .userInfo())
        .isNull();
    assertThatThrownBy(
            () ->
                new AvroSerdeConfig(
                        Map.of(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, "USER_INFO"))
                    .userInfo())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(AvroSerdeConfig.USER_INFO_CONFIG);
  }

  @Test
  void shouldAcceptEveryStrategySpelling() {
    assertThat(
            SubjectNameStrategy.parse(
                "p", "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"))
        .isEqualTo(SubjectNameStrategy.TOPIC_RECORD_NAME);
    assertThat(SubjectNameStrategy.parse("p", "RecordNameStrategy"))
        .isEqualTo(SubjectNameStrategy.RECORD_NAME);
    assertThat(SubjectNameStrategy.parse("p", "topic_name"))
        .isEqualTo(SubjectNameStrategy.TOPIC_NAME);
  }

  @Test
  void shouldNotShowPasswordInConfigValues() {
    AvroSerdeConfig config =
        new AvroSerdeConfig(
            Map.of(
                AvroSerdeConfig.USER_INFO_CONFIG,
                "alice:s3cret",
                AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE,
                "USER_INFO"));

    assertThat(config.values().toString()).doesNotContain("s3cret");
  }
}
