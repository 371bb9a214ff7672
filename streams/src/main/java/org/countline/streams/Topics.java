package org.countline.streams;

/** The topic names of the contract (CONTRACT.md), in one place. */
public final class Topics {
  /** Every field event, keyed {@code OPERATION/FORCE}; the record of what happened, kept forever. */
  public static final String FIELD_EVENTS = "countline.field-events";
  /** Refused records: the original key and bytes, the reason in headers. */
  public static final String REJECTED = "countline.field-events.rejected";
  public static final String OPERATIONS = "countline.operations";
  public static final String FORCES = "countline.forces";
  public static final String TOTALS_FORCE = "countline.totals.force";
  public static final String TOTALS_REGION = "countline.totals.region";
  public static final String TOTALS_NATIONAL = "countline.totals.national";
  public static final String TOTALS_DAILY = "countline.totals.daily";

  /** Header on a rejected record: why it was refused. */
  public static final String HEADER_REJECT_REASON = "countline.reject.reason";
  /** Header on a rejected record: {@code topic-partition@offset} it was read from. */
  public static final String HEADER_REJECT_ORIGIN = "countline.reject.origin";

  private Topics() {}
}
