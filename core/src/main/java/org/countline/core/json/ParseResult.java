package org.countline.core.json;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.countline.avro.FieldEvent;
import org.countline.core.Violation;

/**
 * The outcome of reading one field event from JSON: either the event, or every reason it was
 * refused (never both, never neither). A refusal is the client's error: callers answer 400 with
 * {@link #violations()}, not 5xx.
 */
public final class ParseResult {
  private final FieldEvent event;
  private final List<Violation> violations;

  private ParseResult(FieldEvent event, List<Violation> violations) {
    this.event = event;
    this.violations = violations;
  }

  public static ParseResult ok(FieldEvent event) {
    return new ParseResult(Objects.requireNonNull(event, "event"), List.of());
  }

  /** A refusal; {@code violations} must not be empty. */
  public static ParseResult failed(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a failed parse needs at least one violation");
    }
    return new ParseResult(null, List.copyOf(violations));
  }

  /** True when the JSON was a valid event. */
  public boolean isOk() {
    return event != null;
  }

  /** The event; only when {@link #isOk()}. */
  public FieldEvent event() {
    if (event == null) {
      throw new IllegalStateException("not an event: " + violations);
    }
    return event;
  }

  /** The event, or empty when refused. */
  public Optional<FieldEvent> toOptional() {
    return Optional.ofNullable(event);
  }

  /** Every reason the JSON was refused, in the order of the contract's fields; empty when {@link #isOk()}. */
  public List<Violation> violations() {
    return violations;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParseResult r && Objects.equals(event, r.event) && violations.equals(r.violations);
  }

  @Override
  public int hashCode() {
    return Objects.hash(event, violations);
  }

  @Override
  public String toString() {
    return isOk() ? "ParseResult{ok " + event + "}" : "ParseResult{failed " + violations + "}";
  }
}
