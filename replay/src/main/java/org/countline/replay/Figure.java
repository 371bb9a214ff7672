package org.countline.replay;

import java.util.function.ToLongFunction;
import org.countline.core.Metric;
import org.countline.core.Tally;

/**
 * The figures a post-week report leads with: metrics, and two sums people ask for (weapons of
 * every type, people safeguarded of every age). Used for the summary tables, the comparison with
 * the previous operation and the chart, so they always name the same things.
 */
enum Figure {
  ARRESTS("Arrests", "arrest", "arrests", "", Metric.Unit.COUNT, t -> t.get(Metric.ARRESTS)),
  CHARGED("Charged", "person charged", "people charged", "", Metric.Unit.COUNT, t -> t.get(Metric.CHARGED)),
  WARRANTS("Warrants", "warrant executed", "warrants executed", "", Metric.Unit.COUNT, t -> t.get(Metric.WARRANTS)),
  VEHICLE_STOPS("Vehicles stopped", "vehicle stopped", "vehicles stopped", "", Metric.Unit.COUNT, t -> t.get(Metric.VEHICLE_STOPS)),
  DEAL_LINES("Deal lines closed", "deal line closed", "deal lines closed", "", Metric.Unit.COUNT, t -> t.get(Metric.DEAL_LINES_CLOSED)),
  DRUGS_VALUE("Drugs value", "", "", " of drugs seized", Metric.Unit.PENCE, t -> t.get(Metric.DRUGS_VALUE)),
  CASH("Cash", "", "", " in cash seized", Metric.Unit.PENCE, t -> t.get(Metric.CASH)),
  WEAPONS("Weapons", "weapon seized", "weapons seized", "", Metric.Unit.COUNT,
      t -> t.get(Metric.FIREARMS) + t.get(Metric.BLADED_WEAPONS) + t.get(Metric.OTHER_WEAPONS)),
  PHONES("Phones", "phone seized", "phones seized", "", Metric.Unit.COUNT, t -> t.get(Metric.PHONES)),
  SAFEGUARDED("Safeguarded", "vulnerable person safeguarded", "vulnerable people safeguarded", "", Metric.Unit.COUNT,
      t -> t.get(Metric.SAFEGUARDED_ADULTS) + t.get(Metric.SAFEGUARDED_CHILDREN));

  private final String heading;
  private final String singular;
  private final String plural;
  private final String moneySuffix;
  private final Metric.Unit unit;
  private final ToLongFunction<Tally> value;

  Figure(String heading, String singular, String plural, String moneySuffix, Metric.Unit unit, ToLongFunction<Tally> value) {
    this.heading = heading;
    this.singular = singular;
    this.plural = plural;
    this.moneySuffix = moneySuffix;
    this.unit = unit;
    this.value = value;
  }

  /** The short column heading of tables. */
  String heading() {
    return heading;
  }

  /** The name in full, for cards and charts. */
  String title() {
    return switch (this) {
      case CHARGED -> "People charged";
      case WARRANTS -> "Warrants executed";
      case DRUGS_VALUE -> "Drugs, street value";
      case CASH -> "Cash seized";
      case WEAPONS -> "Weapons seized";
      case PHONES -> "Phones seized";
      case SAFEGUARDED -> "People safeguarded";
      default -> heading;
    };
  }

  long of(Tally t) {
    return value.applyAsLong(t);
  }

  /** The figure in running text: {@code 172 deal lines closed}, {@code £1.2m of drugs seized}, {@code no arrests}. */
  String phrase(long v) {
    if (unit == Metric.Unit.PENCE) {
      return v == 0 ? "no" + moneySuffix.replace(" of ", " ").replace(" in ", " ") : Numbers.money(v) + moneySuffix;
    }
    return Numbers.counted(v, singular, plural);
  }

  /** The value alone in running text: {@code 104}, {@code £1.1m}. */
  String amount(long v) {
    return unit == Metric.Unit.PENCE ? Numbers.money(v) : Numbers.words(v);
  }

  /** The value in a table cell: {@code 1,360}, {@code £150,000}. */
  String cell(long v) {
    return unit == Metric.Unit.PENCE ? Numbers.poundsInTable(v) : Numbers.count(v);
  }
}
