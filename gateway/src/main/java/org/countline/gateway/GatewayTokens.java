package org.countline.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.core.ReferenceData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateway tokens, one force each: {@link #issue} makes a random token (256 bits, URL-safe), stores
 * only its SHA-256 hash with the force in the compacted topic {@value #TOPIC} (created if
 * missing), and returns the token for the caller to show once. The gateway reads the topic live
 * ({@link TokenStore}).
 */
public final class GatewayTokens {
  private static final Logger log = LoggerFactory.getLogger(GatewayTokens.class);

  /** Token hash (hex SHA-256) to {@code {"force": CODE, "createdAt": ISO-8601}}; a tombstone revokes. */
  public static final String TOPIC = "countline.gateway.tokens";

  /** Every token starts so, so that one pasted into the wrong place is recognisable. */
  public static final String PREFIX = "clt_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = new ObjectMapper();

  private GatewayTokens() {}

  /** A new random token: {@value #PREFIX} and 32 random bytes in URL-safe Base64 (43 characters). */
  /** {@code kafkaProperties} with the bootstrap servers: the settings of an admin or producer. */
  static Map<String, Object> clientConfig(String bootstrapServers, Map<String, Object> kafkaProperties) {
    Map<String, Object> config = new java.util.HashMap<>(kafkaProperties);
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }

  public static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The hex SHA-256 of a token: what is stored, and the key in {@value #TOPIC}. */
  public static String hash(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }

  /** The tokens topic: compacted, one partition, the cluster's default replication. */
  public static NewTopic topic() {
    return new NewTopic(TOPIC, Optional.of(1), Optional.empty())
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
  }

  /** Creates {@value #TOPIC} unless it exists; returns true when it created it. */
  public static boolean ensureTopic(Admin admin, Duration timeout) {
    try {
      Set<String> names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (names.contains(TOPIC)) {
        return false;
      }
      admin.createTopics(java.util.List.of(topic()), new CreateTopicsOptions().timeoutMs((int) timeout.toMillis()))
          .all().get(timeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      log.info("Created topic {}", TOPIC);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      throw new IllegalStateException("cannot create " + TOPIC + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot create " + TOPIC + ": Kafka did not answer within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating " + TOPIC, e);
    }
  }

  /**
   * Creates a token for {@code force}: stores its hash in {@value #TOPIC} (creating the topic if
   * missing), waits for Kafka's acknowledgement, and returns the token. Only the caller ever sees
   * the token; it cannot be recovered from Kafka.
   *
   * @throws IllegalArgumentException when {@code force} is not one of {@code forces}
   * @throws IllegalStateException when Kafka does not take the write
   */
  public static String issue(String bootstrapServers, ReferenceData forces, String force, Clock clock) {
    return issue(bootstrapServers, Map.of(), forces, force, clock);
  }

  /** As {@link #issue(String, ReferenceData, String, Clock)}, with settings for the Kafka clients (security, say). */
  public static String issue(
      String bootstrapServers, Map<String, Object> kafkaProperties, ReferenceData forces, String force, Clock clock) {
    if (forces.force(force).isEmpty()) {
      throw new IllegalArgumentException("unknown force '" + force + "'; known forces: "
          + String.join(", ", forces.forces().stream().map(f -> f.code()).toList()));
    }
    Duration timeout = Duration.ofSeconds(30);
    try (Admin admin = Admin.create(clientConfig(bootstrapServers, kafkaProperties))) {
      ensureTopic(admin, timeout);
    }
    String token = newToken();
    ObjectNode value = JSON.createObjectNode().put("force", force).put("createdAt", clock.instant().toString());
    Properties props = new Properties();
    props.putAll(clientConfig(bootstrapServers, kafkaProperties));
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(TOPIC, hash(token), JSON.writeValueAsBytes(value)))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Kafka did not store the token: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not store the token within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while storing the token", e);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write a token record", e);
    }
    log.info("Created a gateway token for force {}", force);
    return token;
  }
}
