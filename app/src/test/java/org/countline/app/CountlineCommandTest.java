package org.countline.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user meets it: usage texts, exit codes, one-line errors. */
class CountlineCommandTest {
  private final CommandRun cli = new CommandRun();

  private int run(String... args) {
    return cli.execute(args);
  }

  /** The usage text with its line wrapping undone, which depends on the terminal's width. */
  private String usageOnOneLine() {
    return cli.out().replaceAll("\\s+", " ");
  }

  @Test
  void shouldListTheCommandsInTheTopLevelHelp() {
    int exitCode = run("--help");

    assertThat(exitCode).isZero();
    assertThat(cli.out())
        .startsWith("Usage: countline")
        .contains("--version", "--verbose", "Commands:", "broker", "registry");
  }

  @Test
  void shouldDescribeTheBrokerOptionsWithTheirDefaults() {
    int exitCode = run("broker", "--help");

    assertThat(exitCode).isZero();
    assertThat(cli.out()).startsWith("Usage: countline broker");
    assertThat(usageOnOneLine())
        .contains("--data-dir=DIR", "Default: countline-data")
        .contains("--port=PORT", "Default: 9092")
        .contains("--controller-port=PORT", "Default: 9093");
  }

  @Test
  void shouldDescribeTheRegistryOptionsIncludingTheConnectionOptions() {
    int exitCode = run("registry", "--help");

    assertThat(exitCode).isZero();
    assertThat(cli.out()).startsWith("Usage: countline registry");
    assertThat(usageOnOneLine())
        .contains("--port=PORT", "Default: 8081")
        .contains("--bootstrap-servers=HOST:PORT[,...]", "COUNTLINE_BOOTSTRAP_SERVERS")
        .contains("--schema-registry-url=URL[,...]", "COUNTLINE_SCHEMA_REGISTRY_URL");
  }

  @Test
  void shouldPrintTheVersionsOfCountlineAndKafka() {
    int exitCode = run("--version");

    assertThat(exitCode).isZero();
    assertThat(cli.out()).startsWith("countline ").contains("Apache Kafka 4.3.1");
  }

  @Test
  void shouldAskForACommandWhenNoneIsGiven() {
    int exitCode = run();

    assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(cli.err()).startsWith("Missing command").contains("Usage: countline");
  }

  @Test
  void shouldReportAPortInUseInOneLineWithoutAStackTrace(@TempDir Path dataDir) throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("localhost"))) {
      int port = taken.getLocalPort();

      int exitCode = run("broker", "--data-dir", dataDir.toString(), "--port", Integer.toString(port));

      assertThat(exitCode).isEqualTo(CommandLine.ExitCode.SOFTWARE);
      assertThat(cli.err().strip())
          .startsWith("countline broker: Port " + port + " is in use")
          .doesNotContain("\n", "Exception", "--verbose");
      assertThat(cli.out()).isEmpty();
    }
  }
}
