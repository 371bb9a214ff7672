package org.countline.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code countline demo} as a user runs it, in its own JVM: it says where everything listens
 * and 'ready'; an operation created and an event published through the command line show in
 * {@code countline totals}; SIGTERM stops it cleanly; started again on the same data directory,
 * the week and its totals are still there.
 */
class DemoIT {
  private static final Pattern KAFKA = Pattern.compile("Kafka broker:\\s+(\\S+)");
  private static final Pattern REGISTRY = Pattern.compile("Schema registry:\\s+(\\S+)");
  private static final Pattern GATEWAY = Pattern.compile("Gateway:\\s+(\\S+)");
  private static final Pattern TOKEN = Pattern.compile("Demo token:\\s+(\\S+)");
  private static final Pattern DEMO_OPERATION = Pattern.compile("Demo operation:\\s+(\\S+)");

  @TempDir Path dataDir;

  private Process demo;
  private Thread output;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  @AfterEach
  void stopDemo() throws InterruptedException {
    if (demo != null && demo.isAlive()) {
      demo.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldCountPublishedEventsAndKeepThemAcrossARestart() throws Exception {
    String[] endpoints = startDemo();
    String[] connection = {"--bootstrap-servers", endpoints[0], "--schema-registry-url", endpoints[1]};

    assertThat(run(with(connection, "operation", "create", "--id", "cliw-2022-10", "--name", "County Lines Intensification Week",
        "--start", "2022-10-03", "--end", "2022-10-09"))).contains("Created operation cliw-2022-10");
    assertThat(run(with(connection, "publish", "arrest", "--operation", "cliw-2022-10", "--force", "kent",
        "--count", "3", "--charged", "2", "--occurred-at", "2022-10-04T09:30:00+01:00"))).contains("Published arrest");
    assertThat(run(with(connection, "publish", "seizure", "--operation", "cliw-2022-10", "--force", "essex",
        "--drug", "cocaine:1.5:kg:60000", "--cash-gbp", "15000", "--weapon", "bladed:2",
        "--occurred-at", "2022-10-05T21:00:00Z"))).contains("Published seizure");

    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(run(with(connection, "totals", "--operation", "cliw-2022-10", "--format", "json")).replaceAll("\\s", ""))
            .contains("\"events\":2,\"arrests\":3,\"charged\":2")
            .contains("\"cocaine_g\":1500.0")
            .contains("\"cashGbp\":15000.0"));
    assertThat(run(with(connection, "totals", "--operation", "cliw-2022-10", "--region", "eastern")))
        .containsPattern("Arrests\\s+3");

    // The gateway with the printed demo token, as the demo's own "Try:" line suggests. The demo
    // operation is the current week, so this one input is taken from the clock.
    String week = find(DEMO_OPERATION);
    HttpResponse<String> accepted = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(find(GATEWAY) + "/v1/events"))
            .header("Authorization", "Bearer " + find(TOKEN))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"operationId\":\"" + week + "\",\"force\":\"kent\",\"type\":\"arrest\","
                + "\"occurredAt\":\"" + Instant.now() + "\",\"arrest\":{\"count\":4}}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(run(with(connection, "totals", "--operation", week, "--force", "kent", "--format", "json")).replaceAll("\\s", ""))
            .contains("\"arrests\":4"));

    // Through the handle: Process.destroy() would also close our end of its output.
    assertThat(demo.toHandle().destroy()).isTrue();
    assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo stops on SIGTERM").isTrue();
    output.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(lines).anyMatch(l -> l.contains("countline-demo stopped"));

    lines.clear();
    endpoints = startDemo();
    String[] again = {"--bootstrap-servers", endpoints[0], "--schema-registry-url", endpoints[1]};
    assertThat(run(with(again, "operation", "list"))).contains("cliw-2022-10");
    assertThat(run(with(again, "totals", "--operation", "cliw-2022-10", "--format", "json")).replaceAll("\\s", ""))
        .contains("\"events\":2,\"arrests\":3,\"charged\":2");
  }

  @Test
  void shouldStopTheSimulatorBeforeTheBroker() throws Exception {
    startDemo(true);
    await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.contains("Simulator:")));

    assertThat(demo.toHandle().destroy()).isTrue();
    assertThat(demo.waitFor(60, TimeUnit.SECONDS)).as("demo stops on SIGTERM").isTrue();
    output.join(TimeUnit.SECONDS.toMillis(10));

    // The simulated week (30 s at its rate) is cut short, and its producer closes while the
    // broker is still there to answer it: no send fails on the way out.
    int simulatorStopped = indexOf("Simulator stopped");
    int brokerStopped = indexOf("Kafka broker on", "stopped in");
    assertThat(simulatorStopped).as("simulator stopped, in %s", lines).isNotNegative();
    assertThat(brokerStopped).as("broker stopped, in %s", lines).isGreaterThan(simulatorStopped);
    assertThat(lines).noneMatch(l -> l.contains("[WARN] Sender"));
    assertThat(lines).anyMatch(l -> l.contains("countline-demo stopped"));
  }

  /** The index of the first output line that contains every fragment, or -1. */
  private int indexOf(String... fragments) {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (Arrays.stream(fragments).allMatch(line::contains)) {
        return i;
      }
    }
    return -1;
  }

  private String[] startDemo() throws IOException {
    return startDemo(false);
  }

  /** Starts the demo on free ports; returns its Kafka bootstrap servers and registry URL. */
  private String[] startDemo(boolean simulate) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m",
        "-cp", System.getProperty("java.class.path"),
        Countline.class.getName(), "demo", "--data-dir", dataDir.toString(),
        "--kafka-port", "0", "--controller-port", "0", "--registry-port", "0", "--gateway-port", "0", "--control-room-port", "0"));
    if (!simulate) {
      command.add("--no-simulate");
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectErrorStream(true);
    demo = builder.start();
    output = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("(output closed: " + e.getMessage() + ")");
      }
    }, "demo-output");
    output.setDaemon(true);
    output.start();
    await().atMost(Duration.ofSeconds(120))
        .failFast("demo exited: " + lines, () -> !demo.isAlive())
        .until(() -> lines.stream().anyMatch(l -> l.contains("ready")));
    return new String[] {find(KAFKA), find(REGISTRY)};
  }

  private String find(Pattern pattern) {
    for (String line : lines) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        return m.group(1);
      }
    }
    throw new AssertionError("no line matching " + pattern + " in " + lines);
  }

  private static String[] with(String[] connection, String... args) {
    String[] all = new String[args.length + connection.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(connection, 0, all, args.length, connection.length);
    return all;
  }

  /** Runs a command in this JVM, as {@code ./countline} would; returns its output, asserting success. */
  private static String run(String... args) {
    CommandRun cli = new CommandRun();
    int exit = cli.execute(args);
    assertThat(exit).as("countline %s failed: %s", String.join(" ", args), cli.err()).isZero();
    return cli.out();
  }
}
