package org.countline.app;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.core.ReferenceData;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.ReferencePublisher;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.streams.TopicSetup;
import org.countline.streams.TotalsApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What every role needs in Kafka before it starts: the contract's topics and the forces. */
final class Setup {
  private static final Logger log = LoggerFactory.getLogger(Setup.class);

  private Setup() {}

  /** Creates the missing topics, then loads the forces: what a role does before it starts. */
  static void prepareTopics(ConnectionOptions connection, ReferenceData reference, int partitions, short replication) {
    ensureTopics(connection, partitions, replication);
    try (ReferencePublisher publisher = referencePublisher(connection)) {
      int forces = publisher.publishForces(reference);
      log.info("Loaded {} forces in {} regions into countline.forces", forces, reference.regions().size());
    }
  }

  static void ensureTopics(ConnectionOptions connection, int partitions, short replication) {
    try (Admin admin = Admin.create(connection.clientConfig())) {
      TopicSetup.ensure(admin, TopicSetup.topics(partitions, replication, 1));
    } catch (IllegalStateException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
  }

  static ReferencePublisher referencePublisher(ConnectionOptions connection) {
    SpecificAvroSerializer<SpecificRecord> values = new SpecificAvroSerializer<>();
    values.configure(Registries.config(connection), false);
    Properties props = FieldEventPublisher.producerConfig(connection.bootstrapServers(), connection.kafkaOverrides());
    return new ReferencePublisher(new KafkaProducer<>(props, new StringSerializer(), values));
  }

  /** Waits until the streams app has its tasks, or says why not. */
  static void awaitRunning(TotalsApp app, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!app.isRunning()) {
      if (!app.streams().state().isRunningOrRebalancing() && app.streams().state() != org.apache.kafka.streams.KafkaStreams.State.CREATED) {
        throw new UserFacingException("the totals streams app stopped while starting: " + app.streams().state() + " (see the log above)");
      }
      if (System.nanoTime() > deadline) {
        throw new UserFacingException("the totals streams app did not start within " + timeout.toSeconds() + " s");
      }
      Thread.sleep(50);
    }
  }

}
