package org.countline.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import org.countline.core.ReferenceData;
import org.countline.streams.TopologyOptions;
import org.countline.streams.TotalsApp;
import org.countline.streams.TotalsSerdes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code countline streams}: one instance of the live totals topology. Several instances with the
 * same application id share the partitions of the events topic.
 */
@Command(
    name = "streams",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the live totals topology (Kafka Streams, exactly-once) until Ctrl-C or SIGTERM.",
      "Instances with the same --application-id share the work; start as many as there are partitions.",
      "Exits with status 3 if Kafka Streams stops after an error, so that a supervisor restarts it.",
    })
final class StreamsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection;

  @Mixin ReferenceOptions reference;

  @Option(names = "--state-dir", paramLabel = "DIR", defaultValue = "countline-data/streams",
      description = "Local state of the topology (rebuilt from Kafka when lost). Default: ${DEFAULT-VALUE}")
  Path stateDir;

  @Option(names = "--application-id", paramLabel = "ID", defaultValue = TotalsApp.DEFAULT_APPLICATION_ID,
      description = "Kafka Streams application id shared by instances. Default: ${DEFAULT-VALUE}")
  String applicationId;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "" + TotalsApp.DEFAULT_STREAM_THREADS,
      description = "Stream threads in this instance. Default: ${DEFAULT-VALUE}")
  int threads;

  /** Where the per-event revision store lives. */
  enum RevisionStore { MEMORY, ROCKSDB }

  @Option(names = "--revision-store", paramLabel = "KIND", defaultValue = "memory",
      description = "Where the latest revision of every event is kept: ${COMPLETION-CANDIDATES}. memory is faster and"
          + " holds about 200 bytes an event (rebuilt from the events topic at start, no changelog); rocksdb bounds"
          + " memory (restored from its changelog). Default: ${DEFAULT-VALUE}")
  RevisionStore revisionStore;

  @Option(names = "--health-port", paramLabel = "PORT",
      description = "Serve GET /health on this port: 200 while the topology runs (or rebalances), 503 otherwise. Default: off")
  Integer healthPort;

  /** Exit status when Kafka Streams stopped after an error, so that a supervisor restarts the instance. */
  static final int FAILED = 3;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    connection.requireKafka(Duration.ofSeconds(15));
    try (ShutdownHook hook = ShutdownHook.install("countline-streams", Duration.ofSeconds(30))) {
      Setup.prepareTopics(connection, reference.load(), 6, (short) 1);
      TotalsApp app = hook.closeOnStop(start(connection, stateDir, applicationId, threads,
          TopologyOptions.defaults().withRevisionsInMemory(revisionStore == RevisionStore.MEMORY)));
      if (healthPort != null) {
        HealthEndpoint health = hook.closeOnStop(HealthEndpoint.start(healthPort, app::isHealthy));
        out.printf("Health:           http://localhost:%d/health%n", health.port());
      }
      Setup.awaitRunning(app, Duration.ofSeconds(60));
      out.printf("Totals streams running as %s against %s%n", applicationId, connection.bootstrapServers());
      out.println("Countline streams ready. Ctrl-C to stop.");
      out.flush();
      while (!hook.awaitStop(Duration.ofSeconds(1))) {
        if (app.hasFailed()) {
          spec.commandLine().getErr().println("countline streams: Kafka Streams stopped after an error (see the log above);"
              + " exiting with status " + FAILED + " so that a supervisor restarts this instance, which resumes from its last commit");
          spec.commandLine().getErr().flush();
          hook.close();
          return FAILED;
        }
      }
    }
    return 0;
  }

  static TotalsApp start(ConnectionOptions connection, Path stateDir, String applicationId, int threads, TopologyOptions options) {
    Properties overrides = connection.kafkaOverrides();
    overrides.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    Properties config = TotalsApp.config(connection.bootstrapServers(), stateDir.toString(), overrides);
    TotalsApp app = new TotalsApp(config, TotalsSerdes.fromRegistry(Registries.config(connection)), options);
    app.start();
    return app;
  }
}
