package org.countline.registry.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.registry.client.CompatibilityLevel;
import org.countline.registry.client.SchemaMetadata;
import org.countline.registry.client.SchemaRegistryException;
import org.countline.registry.store.RegistryState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's storage: the compacted, single-partition Kafka topic {@code _schemas}, read from
 * the beginning into a {@link RegistryState} by a background thread, and written through.
 *
 * <p>Records are JSON, in the shape of Confluent's: key {@code {"keytype":"SCHEMA","subject":...,
 * "version":...,"magic":1}}, value {@code {"subject","version","id","schema","deleted"}}; key
 * {@code {"keytype":"CONFIG","subject":...|null,"magic":0}}, value {@code
 * {"compatibilityLevel":...}}. SCHEMA keys also carry a random {@code nonce}, so no two schema
 * records share a key and compaction never drops one: replay order is then exactly write order, and
 * the first-writer-wins rule of {@link RegistryState#apply} gives every instance, before and after
 * any restart, the same ids. (Confluent avoids races with a single elected writer instead; this
 * project accepts the lighter scheme.) CONFIG records are last-writer-wins, which is what
 * compaction keeps.
 *
 * <p>A write is produced, then awaited until this instance's reader has applied it, so the answer
 * to a request reflects the log.
 */
final class SchemaLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaLog.class);
  private static final String SCHEMA = "SCHEMA";
  private static final String CONFIG = "CONFIG";

  private final RegistryServerConfig config;
  private final RegistryState state;
  private final TopicPartition partition;
  private final ObjectMapper json = new ObjectMapper();
  private final String instance = UUID.randomUUID().toString();

  private final Object progress = new Object();
  private long applied; // next offset to apply; guarded by progress
  private RuntimeException readerFailure; // guarded by progress

  private Admin admin;
  private KafkaProducer<String, String> producer;
  private KafkaConsumer<String, String> consumer;
  private Thread reader;
  private volatile boolean running;

  SchemaLog(RegistryServerConfig config, RegistryState state) {
    this.config = config;
    this.state = state;
    this.partition = new TopicPartition(config.topic(), 0);
  }

  /** Creates the topic if missing, starts reading it, and returns once caught up with its end. */
  void start() {
    Map<String, Object> adminProperties = clientProperties("admin");
    adminProperties.putIfAbsent(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.timeout().toMillis());
    admin = Admin.create(adminProperties);
    ensureTopic();
    Map<String, Object> producerProperties = clientProperties("writer");
    producerProperties.put(ProducerConfig.ACKS_CONFIG, "all");
    producerProperties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerProperties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producerProperties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    producer = new KafkaProducer<>(producerProperties);

    Map<String, Object> consumerProperties = clientProperties("reader");
    consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumerProperties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumerProperties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    consumer = new KafkaConsumer<>(consumerProperties);
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));

    running = true;
    reader = new Thread(this::readLoop, "countline-registry-reader-" + config.topic());
    reader.setDaemon(true);
    reader.start();
    catchUp();
  }

  /** Waits until every record in the topic now has been applied. */
  void catchUp() {
    long end;
    try {
      end =
          admin
              .listOffsets(Map.of(partition, OffsetSpec.latest()))
              .partitionResult(partition)
              .get(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
              .offset();
    } catch (ExecutionException | TimeoutException e) {
      throw storeError("Cannot read the end offset of " + config.topic(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
    awaitApplied(end);
  }

  /** Writes a registration and waits until it has been applied (or refused as a conflict). */
  void appendSchema(SchemaMetadata planned) {
    ObjectNode key = json.createObjectNode();
    key.put("keytype", SCHEMA);
    key.put("subject", planned.subject());
    key.put("version", planned.version());
    key.put("magic", 1);
    key.put("nonce", UUID.randomUUID().toString());
    ObjectNode value = json.createObjectNode();
    value.put("subject", planned.subject());
    value.put("version", planned.version());
    value.put("id", planned.id());
    value.put("schema", RegistryState.canonical(planned.schema()));
    value.put("deleted", false);
    append(key, value);
  }

  /**
   * Writes a compatibility level ({@code null} subject: registry-wide; {@code null} level: remove).
   */
  void appendConfig(String subject, CompatibilityLevel level) {
    ObjectNode key = json.createObjectNode();
    key.put("keytype", CONFIG);
    key.put("subject", subject);
    key.put("magic", 0);
    ObjectNode value = null;
    if (level != null) {
      value = json.createObjectNode();
      value.put("compatibilityLevel", level.name());
    }
    append(key, value);
  }

  private void append(JsonNode key, JsonNode value) {
    RecordMetadata written;
    try {
      ProducerRecord<String, String> record =
          new ProducerRecord<>(
              config.topic(),
              0,
              json.writeValueAsString(key),
              value == null ? null : json.writeValueAsString(value));
      written = producer.send(record).get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode a registry record", e);
    } catch (ExecutionException e) {
      throw storeError("Cannot write to " + config.topic(), e.getCause());
    } catch (TimeoutException e) {
      throw new SchemaRegistryException(
          500,
          SchemaRegistryException.OPERATION_TIMEOUT,
          "Timed out writing to " + config.topic(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
    awaitApplied(written.offset() + 1);
  }

  private void awaitApplied(long offset) {
    long deadline = System.nanoTime() + config.timeout().toNanos();
    synchronized (progress) {
      while (applied < offset) {
        if (readerFailure != null) {
          throw storeError("The reader of " + config.topic() + " has stopped", readerFailure);
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          throw new SchemaRegistryException(
              500,
              SchemaRegistryException.OPERATION_TIMEOUT,
              "Timed out waiting to read "
                  + config.topic()
                  + " up to offset "
                  + offset
                  + " (at "
                  + applied
                  + ")");
        }
        try {
          progress.wait(TimeUnit.NANOSECONDS.toMillis(remaining) + 1);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptException(e);
        }
      }
    }
  }

  private void readLoop() {
    try {
      while (running) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
          apply(record);
        }
        long position = consumer.position(partition);
        synchronized (progress) {
          applied = position;
          progress.notifyAll();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        fail(e);
      }
    } catch (RuntimeException e) {
      fail(e);
    } finally {
      consumer.close();
    }
  }

  private void fail(RuntimeException e) {
    LOG.error("Stopped reading {}; the registry cannot serve writes", config.topic(), e);
    synchronized (progress) {
      readerFailure = e;
      progress.notifyAll();
    }
  }

  private void apply(ConsumerRecord<String, String> record) {
    try {
      JsonNode key = json.readTree(record.key());
      String type = key.path("keytype").asText();
      if (SCHEMA.equals(type)) {
        applySchema(record);
      } else if (CONFIG.equals(type)) {
        JsonNode subject = key.get("subject");
        CompatibilityLevel level =
            record.value() == null
                ? null
                : CompatibilityLevel.parse(
                    json.readTree(record.value()).path("compatibilityLevel").asText());
        state.applyConfig(subject == null || subject.isNull() ? null : subject.asText(), level);
      } else {
        LOG.debug("Ignoring a {} record at offset {} of {}", type, record.offset(), config.topic());
      }
    } catch (JsonProcessingException | SchemaRegistryException e) {
      // One bad record must not stop the registry: every other schema still has to load.
      LOG.warn(
          "Skipping unreadable record at offset {} of {}: {}",
          record.offset(),
          config.topic(),
          e.getMessage());
    }
  }

  private void applySchema(ConsumerRecord<String, String> record) throws JsonProcessingException {
    if (record.value() == null) {
      LOG.warn("Skipping a schema tombstone at offset {} of {}", record.offset(), config.topic());
      return;
    }
    JsonNode value = json.readTree(record.value());
    if (value.path("deleted").asBoolean(false)) {
      LOG.warn(
          "Skipping a deleted schema at offset {} of {}: deletes are not supported",
          record.offset(),
          config.topic());
      return;
    }
    String subject = value.path("subject").asText();
    int version = value.path("version").asInt();
    int id = value.path("id").asInt();
    RegistryState.Outcome outcome =
        state.apply(subject, version, id, value.path("schema").asText());
    if (outcome == RegistryState.Outcome.CONFLICT) {
      LOG.info(
          "Ignoring a conflicting registration at offset {} of {} (subject '{}' version {} id {}):"
              + " an earlier record took the id or version",
          record.offset(),
          config.topic(),
          subject,
          version,
          id);
    }
  }

  /** The topic's description (see {@link #untilTopicKnown}). */
  private TopicDescription describeTopic()
      throws ExecutionException, InterruptedException, TimeoutException {
    return untilTopicKnown(
            config.topic(),
            config.timeout(),
            () -> admin.describeTopics(List.of(config.topic())).allTopicNames())
        .get(config.topic());
  }

  /**
   * The answer of {@code call}, an Admin call about {@code topic}. A topic just created (here or
   * by another instance) may not yet be known to the broker that answers: on a cluster of several
   * brokers its metadata takes a moment to reach them all, so "unknown topic" is asked again
   * until {@code timeout}. Both the description and the configuration of a new topic have been
   * refused that way (ScaleOutIT, BrokerLossIT).
   */
  static <T> T untilTopicKnown(String topic, Duration timeout, Supplier<KafkaFuture<T>> call)
      throws ExecutionException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return call.get().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        LOG.debug("Schemas topic {} not known to the broker that answered yet; asking again", topic);
        Thread.sleep(100);
      }
    }
  }

  private void ensureTopic() {
    try {
      Set<String> topics =
          admin.listTopics().names().get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!topics.contains(config.topic())) {
        createTopic();
      }
      checkTopic();
    } catch (ExecutionException | TimeoutException e) {
      throw storeError(
          "Cannot prepare topic " + config.topic() + " on " + config.bootstrapServers(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptException(e);
    }
  }

  private void createTopic() throws ExecutionException, InterruptedException, TimeoutException {
    int brokers =
        admin
            .describeCluster()
            .nodes()
            .get(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
            .size();
    short replicationFactor = (short) Math.max(1, Math.min(3, brokers));
    NewTopic topic =
        new NewTopic(config.topic(), 1, replicationFactor)
            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
    try {
      admin
          .createTopics(List.of(topic))
          .all()
          .get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
      LOG.info(
          "Created schemas topic {} (1 partition, compacted, replication factor {})",
          config.topic(),
          replicationFactor);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw e;
      }
      LOG.info("Schemas topic {} was created meanwhile by another instance", config.topic());
    }
  }

  private void checkTopic() throws ExecutionException, InterruptedException, TimeoutException {
    TopicDescription description = describeTopic();
    if (description.partitions().size() != 1) {
      // Ids are allocated in log order; with more partitions there is no single order.
      throw new SchemaRegistryException(
          500,
          SchemaRegistryException.STORE_ERROR,
          "Schemas topic "
              + config.topic()
              + " has "
              + description.partitions().size()
              + " partitions; it must have 1");
    }
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, config.topic());
    Config topicConfig =
        untilTopicKnown(
                config.topic(),
                config.timeout(),
                () -> admin.describeConfigs(List.of(resource)).all())
            .get(resource);
    String policy = topicConfig.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
    if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
        || policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
      LOG.warn(
          "Schemas topic {} has cleanup.policy={}; it should be compact, or schemas may be deleted"
              + " by retention",
          config.topic(),
          policy);
    }
  }

  private Map<String, Object> clientProperties(String role) {
    Map<String, Object> properties = new HashMap<>(config.kafkaProperties());
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    properties.put(
        CommonClientConfigs.CLIENT_ID_CONFIG, "countline-registry-" + role + "-" + instance);
    return properties;
  }

  private static SchemaRegistryException storeError(String message, Throwable cause) {
    return new SchemaRegistryException(
        500, SchemaRegistryException.STORE_ERROR, message + ": " + cause, cause);
  }

  /** Stops the reader and closes the Kafka clients. */
  @Override
  public void close() {
    running = false;
    if (consumer != null && reader == null) {
      consumer.close();
    }
    if (consumer != null && reader != null) {
      consumer.wakeup();
      try {
        reader.join(config.timeout().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (admin != null) {
      admin.close(Duration.ofSeconds(5));
    }
  }
}
