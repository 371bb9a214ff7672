package org.countline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConnectionOptionsTest {

  @Test
  void shouldDefaultToTheDemosBrokerAndRegistry() {
    // The environment could override the defaults; the assertion only holds where it does not.
    ConnectionOptions options = CommandLine.populateCommand(new ConnectionOptions());

    if (System.getenv("COUNTLINE_BOOTSTRAP_SERVERS") == null) {
      assertThat(options.bootstrapServers()).isEqualTo("localhost:9092");
    }
    if (System.getenv("COUNTLINE_SCHEMA_REGISTRY_URL") == null) {
      assertThat(options.schemaRegistryUrl()).isEqualTo("http://localhost:8081");
    }
  }

  @Test
  void shouldTakeTheOptionsGivenOnTheCommandLine() {
    ConnectionOptions options = CommandLine.populateCommand(
        new ConnectionOptions(),
        "--bootstrap-servers", "kafka-1:9092,kafka-2:9092",
        "--schema-registry-url", "https://registry.example:8081");

    assertThat(options.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
    assertThat(options.schemaRegistryUrl()).isEqualTo("https://registry.example:8081");
  }

  @Test
  void shouldGiveEveryClientTheSettingsOfTheKafkaConfigFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n");
    ConnectionOptions options = CommandLine.populateCommand(
        new ConnectionOptions(), "--bootstrap-servers", "kafka-1:9092", "--kafka-config", file.toString());

    assertThat(options.kafkaProperties())
        .containsEntry("security.protocol", "SASL_PLAINTEXT")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
    assertThat(options.clientConfig()).containsEntry("bootstrap.servers", "kafka-1:9092").hasSize(3);
  }

  @Test
  void shouldNameAMissingKafkaConfigFile(@TempDir Path dir) {
    ConnectionOptions options = CommandLine.populateCommand(
        new ConnectionOptions(), "--kafka-config", dir.resolve("nope.properties").toString());

    assertThatThrownBy(options::kafkaProperties)
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("--kafka-config:")
        .hasMessageContaining("does not exist");
  }

  @Test
  void shouldSayInOneLineThatKafkaIsOutOfReach() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
      closedPort = socket.getLocalPort();
    }
    ConnectionOptions options =
        CommandLine.populateCommand(new ConnectionOptions(), "--bootstrap-servers", "localhost:" + closedPort);

    assertThatThrownBy(() -> options.requireKafka(Duration.ofSeconds(1)))
        .isInstanceOf(UserFacingException.class)
        .hasMessageStartingWith("Cannot reach Kafka at localhost:" + closedPort + " within 1 s");
  }
}
