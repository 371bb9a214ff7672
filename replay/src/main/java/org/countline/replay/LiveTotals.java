package org.countline.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Deserializer;
import org.countline.avro.Totals;
import org.countline.core.Keys;
import org.countline.core.Tally;
import org.countline.streams.Topics;
import org.countline.streams.TotalsReader;
import org.countline.streams.TotalsSerdes;

/**
 * The live totals of one operation as the totals topics hold them now, read to their end
 * (committed records only): {@code countline.totals.national}, {@code .region}, {@code .force}
 * and {@code .daily}, each keyed by its full record key.
 */
public record LiveTotals(
    Map<String, Tally> national, Map<String, Tally> regions, Map<String, Tally> forces, Map<String, Tally> daily) {

  public LiveTotals {
    national = Map.copyOf(national);
    regions = Map.copyOf(regions);
    forces = Map.copyOf(forces);
    daily = Map.copyOf(daily);
  }

  /** Reads the live totals of {@code operationId}. */
  public static LiveTotals read(String bootstrapServers, Map<String, ?> registryConfig, String operationId, Duration timeout) {
    String prefix = operationId + Keys.SEPARATOR;
    // The four topics at once: each read is mostly waiting on the broker.
    List<CompletableFuture<Map<String, Tally>>> reads = new ArrayList<>();
    for (String topic : List.of(Topics.TOTALS_NATIONAL, Topics.TOTALS_REGION, Topics.TOTALS_FORCE, Topics.TOTALS_DAILY)) {
      Deserializer<Totals> values = TotalsSerdes.fromRegistry(registryConfig).totals().deserializer();
      String exact = topic.equals(Topics.TOTALS_NATIONAL) ? operationId : null;
      reads.add(CompletableFuture.supplyAsync(() -> read(bootstrapServers, topic, values, exact, prefix, timeout)));
    }
    try {
      return new LiveTotals(reads.get(0).join(), reads.get(1).join(), reads.get(2).join(), reads.get(3).join());
    } catch (CompletionException e) {
      throw e.getCause() instanceof ReplayException r ? r : new ReplayException(e.getCause().getMessage(), e.getCause());
    }
  }

  private static Map<String, Tally> read(
      String bootstrap, String topic, Deserializer<Totals> values, String exactKey, String prefix, Duration timeout) {
    Map<String, Tally> out = new HashMap<>();
    try {
      TotalsReader.latest(bootstrap, topic, values,
              key -> exactKey != null ? key.equals(exactKey) : key.startsWith(prefix), timeout)
          .forEach((k, v) -> out.put(k, Tally.fromAvro(v)));
    } catch (IllegalStateException | KafkaException e) {
      throw new ReplayException("cannot read " + topic + ": " + e.getMessage(), e);
    }
    return out;
  }
}
