package org.countline.streams.state;

import org.countline.core.Tally;

/**
 * A force's totals with the region the force reported with when they last changed. The region
 * travels with the value so that, when reference data moves a force to another region, the
 * grouped table subtracts its totals from the old region and adds them to the new one.
 */
public record RegionalTally(String region, Tally tally) {}
