package org.countline.core.json;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.countline.avro.Source;

/**
 * What {@link FieldEventJson#parse} fills in that the JSON does not say: where the event entered
 * ({@code source}, never taken from the JSON), whether a missing {@code eventId} is assigned or
 * refused, the clock for a missing {@code reportedAt}, and the reporter of an event that names
 * none.
 *
 * <p>Start from {@link #of(Source)} and adjust with the {@code with...} methods; tests pass a
 * fixed {@link Clock} and a fixed id supplier so that parsing is deterministic.
 *
 * @param source written into every parsed event
 * @param eventIds what to do when the JSON has no {@code eventId}
 * @param clock the time used for a missing {@code reportedAt}
 * @param defaultReporter the reporter of an event that names none
 * @param idSupplier the ids assigned under {@link EventIdPolicy#ASSIGN}
 */
public record ParseOptions(
    Source source, EventIdPolicy eventIds, Clock clock, String defaultReporter, Supplier<UUID> idSupplier) {

  /** The reporter of an event that names none, unless told otherwise. */
  public static final String UNKNOWN_REPORTER = "unknown";

  /** What a missing {@code eventId} means. */
  public enum EventIdPolicy {
    /** A new random id is assigned (the gateway's POST: it returns the id it assigned). */
    ASSIGN,
    /** The event is refused with {@code eventId: is required} (imports that must be replayable). */
    REQUIRE
  }

  public ParseOptions {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(eventIds, "eventIds");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(defaultReporter, "defaultReporter");
    Objects.requireNonNull(idSupplier, "idSupplier");
  }

  /** Assigns random ids, reads the system clock in UTC, reporter {@value #UNKNOWN_REPORTER}. */
  public static ParseOptions of(Source source) {
    return new ParseOptions(source, EventIdPolicy.ASSIGN, Clock.systemUTC(), UNKNOWN_REPORTER, UUID::randomUUID);
  }

  public ParseOptions withSource(Source newSource) {
    return new ParseOptions(newSource, eventIds, clock, defaultReporter, idSupplier);
  }

  public ParseOptions withEventIds(EventIdPolicy policy) {
    return new ParseOptions(source, policy, clock, defaultReporter, idSupplier);
  }

  /** Shorthand for {@code withEventIds(EventIdPolicy.REQUIRE)}. */
  public ParseOptions requiringEventId() {
    return withEventIds(EventIdPolicy.REQUIRE);
  }

  public ParseOptions withClock(Clock newClock) {
    return new ParseOptions(source, eventIds, newClock, defaultReporter, idSupplier);
  }

  public ParseOptions withDefaultReporter(String reporter) {
    return new ParseOptions(source, eventIds, clock, reporter, idSupplier);
  }

  public ParseOptions withIdSupplier(Supplier<UUID> supplier) {
    return new ParseOptions(source, eventIds, clock, defaultReporter, supplier);
  }
}
