package org.countline.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.countline.streams.TopologyOptions;
import org.countline.streams.TotalsApp;
import org.countline.streams.TotalsSerdes;

/**
 * One instance of the live totals topology in a JVM of its own, so that a test can kill it as a
 * crash kills it: {@code SIGKILL}, no shutdown hook, no commit, no leaving the group, state
 * directory left as it was. Started by {@link StreamsProcess}.
 *
 * <p>Arguments: {@code BOOTSTRAP REGISTRY_URL STATE_DIR APPLICATION_ID INSTANCE REPLICATION}. Prints
 * {@value #STATE_PREFIX}{@code STATE} on standard output at every state change. Exits when its
 * standard input closes, so that it cannot outlive the test that started it.
 */
public final class StreamsInstanceMain {
  static final String STATE_PREFIX = "COUNTLINE-STREAMS-STATE ";

  private StreamsInstanceMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 6) {
      System.err.println("usage: StreamsInstanceMain BOOTSTRAP REGISTRY_URL STATE_DIR APPLICATION_ID INSTANCE REPLICATION");
      System.exit(2);
    }
    String bootstrap = args[0];
    Map<String, Object> registry = Map.of("schema.registry.url", args[1]);
    Properties overrides = new Properties();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, args[3]);
    overrides.put(StreamsConfig.CLIENT_ID_CONFIG, args[3] + "-" + args[4]);
    overrides.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Integer.parseInt(args[5]));
    // As the compose deployment runs it: a standby per task on the other instance.
    overrides.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
    // A killed member is noticed when its session times out: 6 s (the broker's least) rather than
    // 45 s keeps the test short and changes nothing of what is proved.
    overrides.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
    overrides.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_500);
    Properties config = TotalsApp.config(bootstrap, args[2], overrides);

    TotalsApp app = new TotalsApp(config, TotalsSerdes.fromRegistry(registry), TopologyOptions.defaults());
    app.streams().setStateListener((now, before) -> {
      System.out.println(STATE_PREFIX + now);
      System.out.flush();
    });
    CountDownLatch stop = new CountDownLatch(1);
    Thread stdin = new Thread(() -> {
      try (InputStream in = System.in) {
        while (in.read() >= 0) {
          // Nothing is sent; the test closing the pipe (or dying) is the signal.
        }
      } catch (IOException e) {
        // The pipe broke: the parent is gone.
      }
      stop.countDown();
    }, "parent-watch");
    stdin.setDaemon(true);
    stdin.start();
    app.start();
    stop.await();
    app.close(Duration.ofSeconds(20));
    System.exit(0);
  }
}
