package org.countline.core;

import org.countline.avro.FieldEvent;
import org.countline.avro.Withdrawal;

/**
 * The latest revision of each event is the one that counts. Given what is remembered of an
 * event and a valid new revision of it, decides what changes: the same revision again changes
 * nothing (a field app's retry counts once), a higher revision replaces the earlier one, a
 * withdrawal removes the event's contribution, a lower revision arriving late is ignored.
 *
 * <p>Totals then move by {@link Decision#oldContribution()} out and {@link
 * Decision#newContribution()} in, so they always equal a fold over the latest revisions.
 */
public final class RevisionRule {

  /** What happened to the event. */
  public enum Outcome {
    /** First revision seen of this event. */
    NEW,
    /** A higher revision replaced the one that counted. */
    AMENDED,
    /** A higher revision withdrew the event. */
    WITHDRAWN,
    /** The same revision again: already counted. */
    DUPLICATE,
    /** An older revision than the one that counts: ignored. */
    STALE,
    /** A revision that names another operation or force than the event's: refused. */
    MOVED;

    /** True when the totals move. */
    public boolean changesTotals() {
      return this == NEW || this == AMENDED || this == WITHDRAWN;
    }
  }

  /**
   * The decision: the state to remember ({@code next}, null when nothing changes) and the
   * state it replaces. The contributions are meaningful only when {@link
   * Outcome#changesTotals()}: then totals move by the old contribution out and the new one in.
   */
  public record Decision(
      Outcome outcome, EventState next, EventState previous) {

    public Tally oldContribution() {
      return previous == null ? Tally.zero() : previous.contribution();
    }

    public Tally newContribution() {
      return next == null ? Tally.zero() : next.contribution();
    }
  }

  private RevisionRule() {}

  /**
   * @param prior what is remembered of the event, or null if nothing
   * @param event a revision that passed {@link EventValidator}
   * @param epochDay the event's local day in its operation's zone
   */
  public static Decision decide(EventState prior, FieldEvent event, int epochDay) {
    if (prior != null) {
      if (!prior.operationId().equals(event.getOperationId()) || !prior.force().equals(event.getForce())) {
        return new Decision(Outcome.MOVED, null, prior);
      }
      if (event.getRevision() == prior.revision()) {
        return new Decision(Outcome.DUPLICATE, null, prior);
      }
      if (event.getRevision() < prior.revision()) {
        return new Decision(Outcome.STALE, null, prior);
      }
    }
    boolean withdrawal = event.getPayload() instanceof Withdrawal;
    Tally contribution = Contribution.of(event);
    int day = withdrawal && prior != null ? prior.epochDay() : epochDay;
    EventState next = new EventState(
        event.getRevision(), event.getOperationId(), event.getForce(), day, contribution, withdrawal);
    Outcome outcome = prior == null ? Outcome.NEW : withdrawal ? Outcome.WITHDRAWN : Outcome.AMENDED;
    return new Decision(outcome, next, prior);
  }
}
