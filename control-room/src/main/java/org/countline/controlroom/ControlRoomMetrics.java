package org.countline.controlroom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The control room's own meters (the consumers' lag and Kafka client metrics are registered by
 * {@link TopicFeed}). In Prometheus they read {@code countline_controlroom_totals_updates_total
 * {scope="national|region|force|daily"}}, {@code countline_rejected_events_total} and
 * {@code countline_controlroom_sse_clients}.
 */
final class ControlRoomMetrics implements AutoCloseable {
  private final MeterRegistry registry;
  private final Map<Scope, Counter> totalsUpdates = new EnumMap<>(Scope.class);
  private final Counter rejected;
  private final List<Meter> meters = new ArrayList<>();

  ControlRoomMetrics(MeterRegistry registry, Supplier<Number> sseClients) {
    this.registry = registry;
    for (Scope scope : Scope.values()) {
      Counter c = Counter.builder("countline.controlroom.totals.updates")
          .description("Totals records received from the totals topics, since this control room started reading them from the beginning")
          .tag("scope", scope.eventName())
          .register(registry);
      totalsUpdates.put(scope, c);
      meters.add(c);
    }
    this.rejected = Counter.builder("countline.rejected.events")
        .description("Records on countline.field-events.rejected (refused field events), counted from the start of the topic")
        .register(registry);
    meters.add(rejected);
    meters.add(Gauge.builder("countline.controlroom.sse.clients", sseClients)
        .description("Dashboards and other clients connected to a totals stream")
        .register(registry));
  }

  void totalsUpdate(Scope scope) {
    totalsUpdates.get(scope).increment();
  }

  void rejected() {
    rejected.increment();
  }

  /** Removes the meters from a registry that may outlive this control room (the app's). */
  @Override
  public void close() {
    meters.forEach(registry::remove);
  }
}
