package org.countline.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The gateway's tokens: SHA-256 hash to force, read from the compacted topic {@value
 * GatewayTokens#TOPIC} by a {@link TopicFollower}, so a token created while the gateway runs works
 * within a second and a tombstone revokes one. Only hashes are held; a presented token is hashed
 * and looked up, never stored or logged.
 */
final class TokenStore {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, String> forceByHash = new ConcurrentHashMap<>();

  /** The force of the token, or null when the token is unknown. */
  String forceOf(String token) {
    return forceByHash.get(GatewayTokens.hash(token));
  }

  int size() {
    return forceByHash.size();
  }

  void onToken(ConsumerRecord<String, byte[]> r) {
    if (r.key() == null) {
      return;
    }
    if (r.value() == null) {
      forceByHash.remove(r.key());
      return;
    }
    JsonNode value;
    try {
      value = JSON.readTree(r.value());
    } catch (IOException e) {
      throw new UncheckedIOException("not a token record", e);
    }
    JsonNode force = value.get("force");
    if (force == null || !force.isTextual()) {
      throw new IllegalArgumentException("token record without a force");
    }
    forceByHash.put(r.key(), force.textValue());
  }
}
