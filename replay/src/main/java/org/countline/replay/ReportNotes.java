package org.countline.replay;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.countline.streams.Topics;

/** The notes that close a report: where the figures come from, whether they were checked, how to read them. */
final class ReportNotes {
  private static final DateTimeFormatter GENERATED = DateTimeFormatter.ofPattern("d MMMM yyyy 'at' HH:mm zzz", Locale.UK);
  /** How many differences a report lists before it says how many more there are. */
  static final int DIFFERENCES_SHOWN = 20;

  private ReportNotes() {}

  static String generated(Report report) {
    ZoneId zone;
    try {
      zone = ZoneId.of(report.operation().getTimeZone());
    } catch (DateTimeException e) {
      zone = ZoneId.of("UTC");
    }
    return report.generatedAt().atZone(zone).format(GENERATED);
  }

  /**
   * For a report made before the operation's window has ended: the figures are the operation so
   * far. Null once the window is over.
   */
  static String stillRunning(Report report) {
    try {
      java.time.Instant end = org.countline.core.OperationWindow.of(report.operation()).endExclusive();
      if (!report.generatedAt().isBefore(end)) {
        return null;
      }
    } catch (DateTimeException e) {
      return null;
    }
    return "The operation runs until " + Prose.longDay(report.operation().getEnd()) + ": these are the figures so far, to "
        + generated(report) + ".";
  }

  static List<String> about(Report report) {
    ReplayCounts c = report.current().counts();
    List<String> notes = new ArrayList<>();
    StringBuilder source = new StringBuilder("These figures were replayed from the event log (" + Topics.FIELD_EVENTS + ") on "
        + generated(report) + ", applying the same rules as the live totals: "
        + Numbers.count(c.operationRecords()) + " records of the operation (all forces) were read, and "
        + Numbers.count(c.eventsCounted()) + " of them changed the totals (" + Numbers.count(c.newEvents()) + " first reports, "
        + Numbers.count(c.amended()) + " amendments, " + Numbers.count(c.withdrawn()) + " withdrawals); "
        + Numbers.count(c.duplicates()) + " repeated reports and " + Numbers.count(c.stale())
        + " out-of-date revisions were ignored");
    if (c.rejectedTotal() == 0) {
      source.append("; no record was refused.");
    } else {
      List<String> reasons = new ArrayList<>();
      for (Map.Entry<String, Long> r : c.rejected().entrySet()) {
        reasons.add(Numbers.count(r.getValue()) + " " + r.getKey());
      }
      source.append("; ").append(Numbers.count(c.rejectedTotal())).append(c.rejectedTotal() == 1 ? " record was" : " records were")
          .append(" refused (").append(String.join("; ", reasons)).append(").");
    }
    notes.add(source.toString());
    notes.add(verification(report));
    notes.add("Money is in pounds, rounded to the pound in tables; drugs by weight are in grams. The CSV and JSON outputs"
        + " carry the exact figures.");
    notes.add("A force took part when it has at least one report that counts. Figures can still change: forces amend"
        + " and withdraw reports after the week, and a later report includes those changes.");
    return notes;
  }

  static String verification(Report report) {
    Reconciliation v = report.verification();
    if (v == null) {
      return "They were not checked against the live totals (countline report --verify checks them).";
    }
    if (v.agrees()) {
      return "They were checked against the live totals and agree with them exactly (" + Numbers.count(v.keysCompared())
          + " totals compared).";
    }
    int n = v.differences().size();
    return "They were checked against the live totals and differ from them in " + Numbers.count(n)
        + (n == 1 ? " figure" : " figures") + ", listed below.";
  }

  /** The differences a report lists, then how many more, if any. */
  static List<String> differences(Report report) {
    Reconciliation v = report.verification();
    if (v == null || v.agrees()) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    v.differences().stream().limit(DIFFERENCES_SHOWN).forEach(d -> out.add(d.toString()));
    if (v.differences().size() > DIFFERENCES_SHOWN) {
      out.add("... and " + Numbers.count(v.differences().size() - DIFFERENCES_SHOWN) + " more");
    }
    return out;
  }
}
