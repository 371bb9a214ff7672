package org.countline.streams.state;

import java.util.Objects;
import org.countline.core.Tally;

/**
 * A force's whole totals as sent to the sum of its region or of its operation. A force that
 * reference data moved to another region sends its old region zero totals.
 */
public record ForceShare(String force, Tally total) {
  public ForceShare {
    Objects.requireNonNull(force, "force");
    Objects.requireNonNull(total, "total");
  }
}
