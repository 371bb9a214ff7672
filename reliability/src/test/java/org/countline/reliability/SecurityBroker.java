package org.countline.reliability;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * A real Kafka broker in a JVM of its own, secured as {@code deploy/kafka/entrypoint.sh} secures
 * each node of the production cluster: KRaft combined mode, a {@code SASL_PLAINTEXT} listener
 * with SCRAM-SHA-512 only (clients and the broker itself), a PLAINTEXT controller listener, ACLs
 * enforced by the {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false},
 * and super users {@code admin}, {@code broker} and {@code ANONYMOUS} (the controller listener's
 * principal). As there, the SCRAM credentials of {@code broker} and {@code admin} are written into
 * the log directory when it is formatted ({@code kafka-storage format --add-scram}), since in
 * KRaft no broker could authenticate otherwise.
 *
 * <p>Differences from production, for one node: replication factor 1 everywhere, and both
 * listeners bound to localhost. The broker's output (INFO) goes to {@link #log()}.
 */
final class SecurityBroker implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  final Path dir;
  final int port;
  final String bootstrap;
  final String brokerPassword = password();
  final String adminPassword = password();
  private final Process process;

  private SecurityBroker(Path dir) throws IOException, InterruptedException {
    this.dir = Files.createDirectories(dir);
    this.port = freePort();
    int controllerPort = freePort();
    this.bootstrap = "localhost:" + port;
    Path config = dir.resolve("server.properties");
    Files.writeString(config, String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@localhost:" + controllerPort,
        "controller.listener.names=CONTROLLER",
        "log.dirs=" + dir.resolve("data"),
        "listeners=INTERNAL://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort,
        "advertised.listeners=INTERNAL://localhost:" + port,
        "listener.security.protocol.map=INTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
        "inter.broker.listener.name=INTERNAL",
        "sasl.enabled.mechanisms=SCRAM-SHA-512",
        "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
        "listener.name.internal.scram-sha-512.sasl.jaas.config=" + jaas("broker", brokerPassword),
        "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "allow.everyone.if.no.acl.found=false",
        "super.users=User:admin;User:broker;User:ANONYMOUS",
        "auto.create.topics.enable=false",
        "num.partitions=3",
        "default.replication.factor=1",
        "min.insync.replicas=1",
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=3",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "") + "\n", StandardCharsets.UTF_8);
    String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(16));
    Process format = java("kafka.tools.StorageTool", dir.resolve("format.log"), "format", "--config", config.toString(),
        "--cluster-id", clusterId,
        "--add-scram", "SCRAM-SHA-512=[name=broker,password=" + brokerPassword + "]",
        "--add-scram", "SCRAM-SHA-512=[name=admin,password=" + adminPassword + "]");
    if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IllegalStateException("kafka-storage format failed: " + Files.readString(dir.resolve("format.log")));
    }
    this.process = java("kafka.Kafka", log(), config.toString());
  }

  /** Formats and starts the broker; returns once the admin can describe the cluster. */
  static SecurityBroker start(Path dir) throws Exception {
    SecurityBroker broker = new SecurityBroker(dir);
    try {
      broker.awaitReady(Duration.ofSeconds(180));
      return broker;
    } catch (Exception | Error e) {
      broker.close();
      throw e;
    }
  }

  Path log() {
    return dir.resolve("broker.log");
  }

  /** Client settings for SCRAM-SHA-512 as {@code user}: what a {@code --kafka-config} file holds. */
  static Map<String, Object> sasl(String user, String password) {
    Map<String, Object> p = new HashMap<>();
    p.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
    p.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
    p.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user, password));
    return p;
  }

  static String jaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
        + password + "\";";
  }

  /** The settings of an admin client as {@code admin}, the super user. */
  Map<String, Object> admin() {
    return client("admin", adminPassword);
  }

  Map<String, Object> client(String user, String password) {
    Map<String, Object> p = sasl(user, password);
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return p;
  }

  private void awaitReady(Duration timeout) {
    org.awaitility.Awaitility.await("the secured broker answering the admin").atMost(timeout)
        .pollInterval(Duration.ofMillis(500))
        .ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException))
        .until(() -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("the secured broker exited with " + process.exitValue() + ": "
                + read(log()).lines().filter(l -> l.contains("ERROR")).limit(5).toList());
          }
          Map<String, Object> p = admin();
          p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
          p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
          try (Admin a = Admin.create(p)) {
            return !a.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes().get(10, TimeUnit.SECONDS)
                .isEmpty();
          }
        });
  }

  /** A JVM with the test class path running {@code mainClass}; its output goes to {@code output}. */
  static Process java(String mainClass, Path output, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    command.add("-Xmx384m");
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    command.add("-cp");
    command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    command.add(mainClass);
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    // Should this JVM end before the test closes it, the child goes too: no broker left listening.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-" + mainClass));
    return process;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** 24 random bytes, base64url: the shape of deploy/generate-env.sh's passwords. */
  static String password() {
    String p = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24));
    return p.startsWith("-") || p.startsWith("_") ? "p" + p.substring(1) : p;
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    RANDOM.nextBytes(b);
    return b;
  }

  @Override
  public void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
