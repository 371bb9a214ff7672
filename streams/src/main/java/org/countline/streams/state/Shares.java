package org.countline.streams.state;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.countline.core.Tally;

/**
 * The region or national total as the latest whole totals of each force in it, and their sum.
 *
 * <p>A share replaces the force's previous one rather than adding to it, so the sum does not
 * depend on every change arriving exactly once: a share sent twice counts once, and a share lost
 * (say with a transaction aborted under a task that was not restarted) is made good by the
 * force's next one, as the force totals themselves are. A force that left the region keeps a
 * share of zero, so that the sum's update time never goes back. Immutable: the sum's store hands
 * the aggregator a value that it must not change.
 */
public final class Shares {
  private static final Shares EMPTY = new Shares(new TreeMap<>());

  private final TreeMap<String, Tally> byForce;

  private Shares(TreeMap<String, Tally> byForce) {
    this.byForce = byForce;
  }

  public static Shares empty() {
    return EMPTY;
  }

  /** The shares of {@code byForce}, which the caller hands over and no longer changes. */
  static Shares of(TreeMap<String, Tally> byForce) {
    return new Shares(byForce);
  }

  /** These shares with {@code share} in place of the force's previous one. */
  public Shares with(ForceShare share) {
    TreeMap<String, Tally> next = new TreeMap<>(byForce);
    next.put(share.force(), share.total());
    return new Shares(next);
  }

  /** The sum of the forces' totals, updated at the latest of theirs. */
  public Tally sum() {
    Tally sum = Tally.zero();
    for (Tally total : byForce.values()) {
      sum.add(total);
    }
    return sum;
  }

  public Map<String, Tally> byForce() {
    return Collections.unmodifiableMap(byForce);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shares s && byForce.equals(s.byForce);
  }

  @Override
  public int hashCode() {
    return byForce.hashCode();
  }

  @Override
  public String toString() {
    return "Shares" + byForce;
  }
}
