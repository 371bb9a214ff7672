package org.countline.reliability;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.countline.gateway.GatewayConfig;
import org.countline.gateway.GatewayServer;
import org.countline.streams.TopologyOptions;
import org.countline.streams.TotalsApp;
import org.countline.streams.TotalsSerdes;

/**
 * The gateway and the totals streams app in a JVM of their own, each as its own Kafka principal,
 * configured the way production configures them: Kafka client settings from a properties file per
 * role (what {@code --kafka-config} / {@code COUNTLINE_KAFKA_CONFIG} hold) and the schema
 * registry's credentials in its URL (as {@code deploy/countline/entrypoint.sh} puts them). Logs
 * at INFO to its output, which {@link SecurityIT} searches for secrets. Prints one line
 * {@code SECURITY-ROLES ready gateway=URL}, then runs until SIGTERM.
 *
 * <p>Argument: a properties file with {@code bootstrap}, {@code registry.url}, {@code state.dir},
 * {@code application.id}, {@code gateway.kafka.config} and {@code streams.kafka.config}.
 */
public final class SecurityRolesMain {
  private SecurityRolesMain() {}

  public static void main(String[] args) {
    try {
      run(args);
    } catch (Exception | Error e) {
      e.printStackTrace();
      System.exit(2);
    }
  }

  private static void run(String[] args) throws Exception {
    Properties settings = load(Path.of(args[0]));
    String bootstrap = settings.getProperty("bootstrap");
    Map<String, Object> registry = Map.of("schema.registry.url", settings.getProperty("registry.url"));

    GatewayConfig.Builder gatewayConfig = GatewayConfig.builder(bootstrap, registry).port(0);
    Properties gatewayKafka = load(Path.of(settings.getProperty("gateway.kafka.config")));
    gatewayKafka.stringPropertyNames().forEach(k -> gatewayConfig.kafkaProperty(k, gatewayKafka.getProperty(k)));

    Properties overrides = load(Path.of(settings.getProperty("streams.kafka.config")));
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.getProperty("application.id"));
    Properties streamsConfig = TotalsApp.config(bootstrap, settings.getProperty("state.dir"), overrides);

    GatewayServer gateway = new GatewayServer(gatewayConfig.build()).start();
    TotalsApp totals = new TotalsApp(streamsConfig, TotalsSerdes.fromRegistry(registry), TopologyOptions.defaults());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      totals.close(Duration.ofSeconds(20));
      gateway.close();
      stopped.countDown();
    }, "security-roles-stop"));
    totals.start();
    if (!gateway.awaitReady(Duration.ofSeconds(120))) {
      throw new IllegalStateException("the gateway did not read its topics within 120 s");
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (totals.streams().state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline || !totals.streams().state().isRunningOrRebalancing()) {
        throw new IllegalStateException("the totals app is " + totals.streams().state() + ", not RUNNING");
      }
      stopped.await(200, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    System.out.println("SECURITY-ROLES ready gateway=" + gateway.url());
    System.out.flush();
    stopped.await();
  }

  private static Properties load(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }
}
