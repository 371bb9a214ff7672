package org.countline.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import org.countline.avro.Operation;
import org.countline.core.ForceInfo;
import org.countline.core.Tally;

/**
 * Everything a post-week report shows: the replayed operation, the previous operation to compare
 * with (or why there is none), what the report covers, the check against the live totals when
 * one was made, and when the report was made. The writers ({@link ReportWriter}) only format it.
 *
 * @param current the replay of the operation reported on
 * @param previous the replay of the operation to compare with, or null
 * @param noPreviousReason why there is no comparison although the operation names a previous one,
 *     or null
 * @param scope the nation, one region or one force
 * @param verification the replay checked against the live totals, or null when not checked
 * @param generatedAt when the report was made
 */
public record Report(
    ReplayResult current, ReplayResult previous, String noPreviousReason, ReportScope scope,
    Reconciliation verification, Instant generatedAt) {

  public Report {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(generatedAt, "generatedAt");
    Map<String, ForceInfo> reference = current.reference();
    if (scope.level() == ReportScope.Level.FORCE && !reference.containsKey(scope.code())) {
      throw new IllegalArgumentException("unknown force '" + scope.code() + "'");
    }
    if (scope.level() == ReportScope.Level.REGION
        && reference.values().stream().noneMatch(f -> f.region().equals(scope.code()))) {
      throw new IllegalArgumentException("unknown region '" + scope.code() + "'");
    }
  }

  /** A national report with no comparison and no check, to refine with the {@code with} methods. */
  public static Report of(ReplayResult current, Instant generatedAt) {
    return new Report(current, null, null, ReportScope.national(), null, generatedAt);
  }

  public Report withPrevious(ReplayResult replay) {
    return new Report(current, replay, null, scope, verification, generatedAt);
  }

  public Report withNoPrevious(String reason) {
    return new Report(current, null, reason, scope, verification, generatedAt);
  }

  public Report withScope(ReportScope newScope) {
    return new Report(current, previous, noPreviousReason, newScope, verification, generatedAt);
  }

  public Report withVerification(Reconciliation check) {
    return new Report(current, previous, noPreviousReason, scope, check, generatedAt);
  }

  Operation operation() {
    return current.operation();
  }

  /** The totals of what the report covers. */
  Tally totals() {
    return totalsOf(current);
  }

  /** The previous operation's totals of what the report covers, or null without a previous operation. */
  Tally previousTotals() {
    return previous == null ? null : totalsOf(previous);
  }

  private Tally totalsOf(ReplayResult r) {
    return switch (scope.level()) {
      case NATIONAL -> r.national();
      case REGION -> r.region(scope.code());
      case FORCE -> r.force(scope.code());
    };
  }

  /** Forces the report covers, in reference order. */
  List<ForceInfo> forces() {
    List<ForceInfo> out = new ArrayList<>();
    for (ForceInfo f : current.reference().values()) {
      boolean in = switch (scope.level()) {
        case NATIONAL -> true;
        case REGION -> f.region().equals(scope.code());
        case FORCE -> f.code().equals(scope.code());
      };
      if (in) {
        out.add(f);
      }
    }
    return out;
  }

  /** Regions the report covers, code to name, in reference order. */
  Map<String, String> regions() {
    Map<String, String> out = new LinkedHashMap<>();
    forces().forEach(f -> out.putIfAbsent(f.region(), f.regionName().isBlank() ? f.region() : f.regionName()));
    return out;
  }

  /** A force took part when it has a figure to its name: something counted and not withdrawn. */
  boolean tookPart(String force) {
    return !current.force(force).isZero();
  }

  List<ForceInfo> forcesTakingPart() {
    return forces().stream().filter(f -> tookPart(f.code())).toList();
  }

  /** Every local day of the operation's window. */
  List<LocalDate> days() {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = operation().getStart(); !d.isAfter(operation().getEnd()); d = d.plusDays(1)) {
      days.add(d);
    }
    return days;
  }

  /** True for a day of the window still to come when the report was made: it has no figures yet, not zero. */
  boolean isFuture(LocalDate day) {
    java.time.ZoneId zone;
    try {
      zone = java.time.ZoneId.of(operation().getTimeZone());
    } catch (java.time.DateTimeException e) {
      return false;
    }
    return day.isAfter(LocalDate.ofInstant(generatedAt, zone));
  }

  /** The totals of what the report covers on one local day. */
  Tally day(LocalDate day) {
    Tally sum = Tally.zero();
    for (ForceInfo f : forces()) {
      SortedMap<LocalDate, Tally> days = current.daily().get(f.code());
      if (days != null && days.containsKey(day)) {
        sum.add(days.get(day));
      }
    }
    return sum;
  }

  /** Who the report is about, mid-sentence: {@code all forces}, a region's or a force's name. */
  String scopePhrase() {
    return scope.level() == ReportScope.Level.NATIONAL ? "all forces" : scopeName();
  }

  /** Who the report is about, for titles: {@code All forces}, a region's or a force's name. */
  String scopeName() {
    return switch (scope.level()) {
      case NATIONAL -> "All forces";
      case REGION -> regions().get(scope.code());
      case FORCE -> current.reference().get(scope.code()).name();
    };
  }
}
