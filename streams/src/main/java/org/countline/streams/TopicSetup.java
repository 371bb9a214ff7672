package org.countline.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the contract's topics when they are missing, with their policies: events kept
 * forever, reference data and totals compacted. Existing topics are left as they are.
 */
public final class TopicSetup {
  private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);

  private TopicSetup() {}

  /** The topics of the contract with {@code partitions} for the keyed topics. */
  public static List<NewTopic> topics(int partitions, short replication, int minInsyncReplicas) {
    Map<String, String> forever = Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, "-1",
        TopicConfig.RETENTION_BYTES_CONFIG, "-1",
        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInsyncReplicas));
    Map<String, String> compact = Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInsyncReplicas));
    Map<String, String> delete = Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, String.valueOf(minInsyncReplicas));
    List<NewTopic> topics = new ArrayList<>();
    topics.add(new NewTopic(Topics.FIELD_EVENTS, partitions, replication).configs(forever));
    topics.add(new NewTopic(Topics.REJECTED, partitions, replication).configs(delete));
    topics.add(new NewTopic(Topics.OPERATIONS, 1, replication).configs(compact));
    topics.add(new NewTopic(Topics.FORCES, 1, replication).configs(compact));
    for (String totals : List.of(Topics.TOTALS_FORCE, Topics.TOTALS_REGION, Topics.TOTALS_NATIONAL, Topics.TOTALS_DAILY)) {
      topics.add(new NewTopic(totals, partitions, replication).configs(compact));
    }
    return topics;
  }

  /** Creates whichever of {@code topics} do not exist yet; returns the names created. */
  public static List<String> ensure(Admin admin, List<NewTopic> topics) {
    try {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
      if (!missing.isEmpty()) {
        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
        log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
      }
      return missing.stream().map(NewTopic::name).toList();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create Countline's topics: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot create Countline's topics: the broker did not answer in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }
}
