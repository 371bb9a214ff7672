package org.countline.app.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.coordinator.group.GroupCoordinatorConfig;
import org.apache.kafka.coordinator.share.ShareCoordinatorConfig;
import org.apache.kafka.coordinator.transaction.TransactionLogConfig;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.network.SocketServerConfigs;
import org.apache.kafka.raft.KRaftConfigs;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.config.ReplicationConfigs;
import org.apache.kafka.server.config.ServerLogConfigs;
import org.apache.kafka.storage.internals.log.CleanerConfig;
import org.countline.app.Ports;
import org.countline.app.UserFacingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode, running in this JVM: one node that is both broker and
 * controller, with its log in a directory of its own. It is Countline's embedded default, for the
 * demo and for tests; production points {@code bootstrap.servers} at a real cluster instead.
 *
 * <p>It does what Kafka's own scripts do, from Apache's own classes: {@code kafka-storage.sh
 * format} ({@link Formatter}, set up as {@code kafka.tools.StorageTool} sets it up), but only when
 * the directory is not formatted yet, so that topics and records persist from one start to the
 * next; then {@code kafka-server-start.sh} ({@link KafkaRaftServer}, as {@code kafka.Kafka} builds
 * it). {@link #start()} returns once the broker answers an Admin client, i.e. accepts writes.
 *
 * <p>The controller quorum is static ({@code controller.quorum.voters}) rather than formatted with
 * {@code --standalone}: a dynamic quorum writes the controller's host and port into the metadata
 * log at format time, while this broker may come back on other ports (port 0 picks free ones),
 * and a one-node dev cluster never changes its voters.
 *
 * <p>Listens on {@code localhost} only: it has no authentication and is meant for one machine.
 */
public final class EmbeddedBroker implements AutoCloseable {
  /** Where the broker keeps its log under Countline's data directory (see {@link #dataDirUnder}). */
  public static final Path DEFAULT_DATA_DIR = dataDirUnder(Path.of("countline-data"));
  public static final int DEFAULT_PORT = 9092;
  public static final int DEFAULT_CONTROLLER_PORT = 9093;
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(EmbeddedBroker.class);
  private static final String HOST = "localhost";
  private static final int NODE_ID = 1;
  /** Held while the broker runs; Kafka ignores plain files in a log directory. */
  private static final String LOCK_FILE = ".countline-broker.lock";
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  /** Partitions of the internal topics: 50 each by default, far more than one dev node needs. */
  private static final int INTERNAL_TOPIC_PARTITIONS = 6;
  /** The log cleaner allocates this on start; the 128 MiB default is sized for production. */
  private static final long CLEANER_DEDUPE_BUFFER_BYTES = 16L * 1024 * 1024;

  private final Path dataDir;
  private final int requestedPort;
  private final int requestedControllerPort;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile KafkaRaftServer server;
  /** Set once {@link #start} has succeeded; the ports and cluster id are known from then on. */
  private volatile boolean ready;
  private volatile int port;
  private volatile int controllerPort;
  private volatile String clusterId;
  private volatile FileLock dataDirLock;
  /** Broker settings over the embedded defaults, set before {@link #start}. */
  private final Map<String, String> overrides = new LinkedHashMap<>();

  /**
   * @param dataDir the broker's log directory (created if missing)
   * @param port the client listener's port; 0 picks a free one
   * @param controllerPort the controller listener's port; 0 picks a free one
   */
  public EmbeddedBroker(Path dataDir, int port, int controllerPort) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
    this.requestedPort = checkPort(port, "port");
    this.requestedControllerPort = checkPort(controllerPort, "controllerPort");
  }

  /**
   * The broker's log directory inside Countline's data directory ({@code --data-dir}, which also
   * holds what other roles keep on disk): {@code DIR/kafka}.
   */
  public static Path dataDirUnder(Path countlineDataDir) {
    return countlineDataDir.resolve("kafka");
  }

  /** A broker on free ports, as tests want it. */
  public static EmbeddedBroker onFreePorts(Path dataDir) {
    return new EmbeddedBroker(dataDir, 0, 0);
  }

  /**
   * Sets a broker setting over the embedded defaults, e.g. Kafka's own default for one of them;
   * before {@link #start} only.
   */
  public synchronized EmbeddedBroker withConfig(String key, String value) {
    if (server != null) {
      throw new IllegalStateException("the broker is started: set " + key + " before start()");
    }
    overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  /** Starts the broker and waits up to {@link #DEFAULT_START_TIMEOUT} until it accepts writes. */
  public EmbeddedBroker start() {
    return start(DEFAULT_START_TIMEOUT);
  }

  /**
   * Formats the data directory if it is new, starts the broker and returns once it accepts
   * writes.
   *
   * @throws UserFacingException with a message fit for a user (port in use; a {@link
   *     BrokerStartException} for a directory not usable, not ready in time), or another exception
   *     when Kafka itself fails; the broker is stopped again in either case
   */
  public synchronized EmbeddedBroker start(Duration timeout) {
    if (closed.get()) {
      throw new IllegalStateException("This broker was closed; create a new one to start again");
    }
    if (server != null) {
      throw new IllegalStateException("The broker is already running on " + bootstrapServers());
    }
    if (requestedPort != 0 && requestedPort == requestedControllerPort) {
      throw new BrokerStartException("The Kafka port and the controller port must differ (both " + requestedPort + ")");
    }
    long started = System.nanoTime();
    // Checked here, before anything starts: Kafka would fail later, deep inside its start.
    int clientPort = requestedPort == 0 ? Ports.free(HOST) : Ports.requireFree(HOST, requestedPort, "Kafka listener");
    int quorumPort = requestedControllerPort;
    if (quorumPort == 0) {
      do {
        quorumPort = Ports.free(HOST);
      } while (quorumPort == clientPort);
    } else {
      Ports.requireFree(HOST, quorumPort, "KRaft controller listener");
    }
    port = clientPort;
    controllerPort = quorumPort;
    KafkaConfig config = KafkaConfig.fromProps(serverProperties(), false);
    lockDataDir();
    KafkaRaftServer raftServer;
    try {
      clusterId = formatIfNeeded(config);
      raftServer = new KafkaRaftServer(config, Time.SYSTEM);
    } catch (RuntimeException e) {
      releaseDataDir();
      throw e;
    }
    server = raftServer;
    try {
      raftServer.startup();
      awaitAcceptingRequests(timeout);
    } catch (RuntimeException e) {
      stopQuietly();
      throw e instanceof UserFacingException
          ? e
          : new IllegalStateException("Kafka broker failed to start: " + rootMessage(e), e);
    }
    ready = true;
    log.info(
        "Kafka broker listening on {} (controller on {}:{}), cluster {}, started in {} ms",
        bootstrapServers(),
        HOST,
        controllerPort,
        clusterId,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return this;
  }

  /** {@code localhost:PORT}, the value for clients' {@code bootstrap.servers}. */
  public String bootstrapServers() {
    requireStarted();
    return HOST + ":" + port;
  }

  /** The client listener's port, as bound. */
  public int port() {
    requireStarted();
    return port;
  }

  /** The controller listener's port, as bound. */
  public int controllerPort() {
    requireStarted();
    return controllerPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The cluster id stored in the data directory. */
  public String clusterId() {
    requireStarted();
    return clusterId;
  }

  /** Stops the broker and waits until it has stopped; does nothing the second time. */
  @Override
  public synchronized void close() {
    if (closed.getAndSet(true) || server == null) {
      return;
    }
    long stopping = System.nanoTime();
    stopQuietly();
    log.info(
        "Kafka broker on {}:{} stopped in {} ms",
        HOST,
        port,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping));
  }

  private Properties serverProperties() {
    Properties props = new Properties();
    props.put(KRaftConfigs.PROCESS_ROLES_CONFIG, "broker,controller");
    props.put(KRaftConfigs.NODE_ID_CONFIG, Integer.toString(NODE_ID));
    props.put(KRaftConfigs.CONTROLLER_LISTENER_NAMES_CONFIG, CONTROLLER_LISTENER);
    props.put(QuorumConfig.QUORUM_VOTERS_CONFIG, NODE_ID + "@" + HOST + ":" + controllerPort);
    props.put(
        SocketServerConfigs.LISTENERS_CONFIG,
        BROKER_LISTENER + "://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
    props.put(SocketServerConfigs.ADVERTISED_LISTENERS_CONFIG, BROKER_LISTENER + "://" + HOST + ":" + port);
    props.put(
        SocketServerConfigs.LISTENER_SECURITY_PROTOCOL_MAP_CONFIG,
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    props.put(ReplicationConfigs.INTER_BROKER_LISTENER_NAME_CONFIG, BROKER_LISTENER);
    props.put(ServerLogConfigs.LOG_DIRS_CONFIG, dataDir.toString());

    // One node: every internal topic with one replica, or they could never be created.
    props.put(ReplicationConfigs.DEFAULT_REPLICATION_FACTOR_CONFIG, "1");
    props.put(GroupCoordinatorConfig.OFFSETS_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
    props.put(GroupCoordinatorConfig.OFFSETS_TOPIC_PARTITIONS_CONFIG, Integer.toString(INTERNAL_TOPIC_PARTITIONS));
    props.put(TransactionLogConfig.TRANSACTIONS_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
    props.put(TransactionLogConfig.TRANSACTIONS_TOPIC_MIN_ISR_CONFIG, "1");
    props.put(TransactionLogConfig.TRANSACTIONS_TOPIC_PARTITIONS_CONFIG, Integer.toString(INTERNAL_TOPIC_PARTITIONS));
    props.put(ShareCoordinatorConfig.STATE_TOPIC_REPLICATION_FACTOR_CONFIG, "1");
    props.put(ShareCoordinatorConfig.STATE_TOPIC_MIN_ISR_CONFIG, "1");
    // The default waits 3 s for more members before the first rebalance: every start would pay it.
    props.put(GroupCoordinatorConfig.GROUP_INITIAL_REBALANCE_DELAY_MS_CONFIG, "0");
    props.put(ServerLogConfigs.NUM_PARTITIONS_CONFIG, "6");
    // Countline creates its topics with their policies (CONTRACT.md); a typo must not make a new one.
    props.put(ServerLogConfigs.AUTO_CREATE_TOPICS_ENABLE_CONFIG, "false");
    props.put(CleanerConfig.LOG_CLEANER_DEDUPE_BUFFER_SIZE_PROP, Long.toString(CLEANER_DEDUPE_BUFFER_BYTES));
    props.putAll(overrides);
    return props;
  }

  /**
   * Formats the log directory as {@code kafka-storage.sh format} would, unless it already holds a
   * {@code meta.properties}; returns the cluster id either way.
   */
  private String formatIfNeeded(KafkaConfig config) {
    List<String> directories = logDirectories(config);
    MetaPropertiesEnsemble ensemble;
    try {
      for (String directory : directories) {
        Files.createDirectories(Path.of(directory));
      }
      ensemble = new MetaPropertiesEnsemble.Loader().addLogDirs(directories).load();
    } catch (IOException e) {
      throw new BrokerStartException("Cannot use the Kafka data directory " + dataDir + ": " + e.getMessage(), e);
    }
    if (!ensemble.errorLogDirs().isEmpty()) {
      throw new BrokerStartException("Cannot read the Kafka data directory " + ensemble.errorLogDirs());
    }
    Optional<String> existing = ensemble.clusterId();
    if (existing.isPresent()) {
      OptionalInt storedNode = ensemble.nodeId();
      if (storedNode.isPresent() && storedNode.getAsInt() != NODE_ID) {
        throw new BrokerStartException(
            dataDir + " belongs to Kafka node " + storedNode.getAsInt() + ", not to Countline's embedded broker");
      }
      log.info("Reusing existing Kafka storage in {} (cluster {})", dataDir, existing.get());
      return existing.get();
    }

    String newClusterId = Uuid.randomUuid().toString();
    ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
    // The same settings StorageTool.runFormatCommand derives from server.properties.
    Formatter formatter = new Formatter()
        .setPrintStream(new PrintStream(formatterOutput, true, StandardCharsets.UTF_8))
        .setNodeId(config.nodeId())
        .setClusterId(newClusterId)
        .setUnstableFeatureVersionsEnabled(config.unstableFeatureVersionsEnabled())
        .setIgnoreFormatted(false)
        .setControllerListenerName(config.controllerListenerNames().get(0))
        .setMetadataLogDirectory(config.metadataLogDir())
        .setHasDynamicQuorum(false)
        .setDirectories(directories);
    try {
      formatter.run();
    } catch (Exception e) {
      throw new BrokerStartException("Cannot format the Kafka data directory " + dataDir + ": " + rootMessage(e), e);
    }
    log.debug("Formatter: {}", formatterOutput.toString(StandardCharsets.UTF_8).strip());
    log.info("Formatted new Kafka storage in {} (cluster {})", dataDir, newClusterId);
    return newClusterId;
  }

  /** The log directories and the metadata log directory, as StorageTool.configToLogDirectories. */
  private static List<String> logDirectories(KafkaConfig config) {
    TreeSet<String> directories = new TreeSet<>(config.logDirs());
    directories.add(config.metadataLogDir());
    return List.copyOf(directories);
  }

  private void awaitAcceptingRequests(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> adminConfig = Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + port,
        AdminClientConfig.CLIENT_ID_CONFIG, "countline-embedded-broker-check");
    try (Admin admin = Admin.create(adminConfig)) {
      while (true) {
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMs <= 0) {
          throw new BrokerStartException(
              "Kafka broker on " + HOST + ":" + port + " was not ready within " + timeout.toSeconds() + " s");
        }
        int attemptMs = (int) Math.min(remainingMs, 5_000);
        try {
          Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(attemptMs))
              .nodes()
              .get(attemptMs, TimeUnit.MILLISECONDS);
          if (!nodes.isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          log.debug("Kafka broker not ready yet: {}", rootMessage(e));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerStartException("Interrupted while waiting for the Kafka broker to start", e);
    }
  }

  private void stopQuietly() {
    KafkaRaftServer running = server;
    if (running == null) {
      return;
    }
    try {
      running.shutdown();
      running.awaitShutdown();
    } catch (RuntimeException e) {
      log.warn("Kafka broker did not stop cleanly: {}", rootMessage(e), e);
    } finally {
      server = null;
      releaseDataDir();
    }
  }

  /**
   * Makes sure no other broker uses the directory. Kafka's own lock comes too late for this: in a
   * combined node the controller opens the metadata log before the broker's LogManager takes
   * {@code .lock}, so a second process on the same directory would write to a log in use.
   */
  private void lockDataDir() {
    Path lockFile = dataDir.resolve(LOCK_FILE);
    try {
      Files.createDirectories(dataDir);
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new BrokerStartException(
            "Another Kafka broker is using " + dataDir + ": stop it first, or choose another data directory");
      }
      dataDirLock = lock;
    } catch (IOException e) {
      throw new BrokerStartException("Cannot use the Kafka data directory " + dataDir + ": " + e.getMessage(), e);
    }
  }

  private void releaseDataDir() {
    FileLock lock = dataDirLock;
    dataDirLock = null;
    if (lock != null) {
      try {
        lock.channel().close(); // releases the lock
      } catch (IOException e) {
        log.warn("Cannot release the lock on {}: {}", dataDir, e.getMessage());
      }
    }
  }

  private void requireStarted() {
    if (!ready) {
      throw new IllegalStateException("The broker has not been started");
    }
  }

  private static int checkPort(int port, String name) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(name + " must be between 0 and 65535, not " + port);
    }
    return port;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
