package org.countline.replay;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.countline.avro.Operation;
import org.countline.core.ForceInfo;
import org.countline.core.Metric;
import org.countline.core.Tally;

/**
 * The words of a report: the headline paragraph a press office can use as it is ("Between Monday
 * 3 October and Sunday 9 October 2022, officers in 44 forces made 1,360 arrests, ...") and the
 * comparison with the previous operation ("172 deal lines closed, up 65% from 104"). British
 * English, no serial comma, one to nine in words, nothing said of a figure that is zero.
 */
final class Prose {
  private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.UK);
  private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.UK);
  private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("EEE d", Locale.UK);

  private Prose() {}

  /** {@code Monday 3 October to Sunday 9 October 2022}; the year once when both days share it. */
  static String range(Operation op) {
    return span(op.getStart(), op.getEnd(), " to ");
  }

  /** {@code Between Monday 3 October and Sunday 9 October 2022}, or {@code On Monday 3 October 2022}. */
  static String when(Operation op) {
    if (op.getStart().equals(op.getEnd())) {
      return "On " + op.getStart().format(DAY_MONTH_YEAR);
    }
    return "Between " + span(op.getStart(), op.getEnd(), " and ");
  }

  private static String span(LocalDate start, LocalDate end, String joiner) {
    if (start.equals(end)) {
      return start.format(DAY_MONTH_YEAR);
    }
    String first = start.getYear() == end.getYear() ? start.format(DAY_MONTH) : start.format(DAY_MONTH_YEAR);
    return first + joiner + end.format(DAY_MONTH_YEAR);
  }

  /** {@code Mon 3}, for chart and table labels. */
  static String shortDay(LocalDate day) {
    return day.format(SHORT_DAY);
  }

  /** {@code Monday 3 October 2022}. */
  static String longDay(LocalDate day) {
    return day.format(DAY_MONTH_YEAR);
  }

  /**
   * The headline in plain English, as paragraphs separated by a blank line: what officers did and
   * seized, then what the drugs and weapons were, then the people safeguarded and the engagement
   * work. The first paragraph stands alone as the lead of a press release.
   */
  static String headline(Report report) {
    return String.join("\n\n", paragraphs(report));
  }

  static List<String> paragraphs(Report report) {
    Tally t = report.totals();
    String when = when(report.operation());
    if (t.isZero()) {
      return List.of(switch (report.scope().level()) {
        case NATIONAL -> when + ", no events were reported.";
        case REGION -> when + ", no events were reported in " + report.scopeName() + ".";
        case FORCE -> when + ", " + report.scopeName() + " reported no events.";
      });
    }
    List<List<String>> groups = List.of(enforcement(t), seizures(t), safeguarding(t), engagement(t));
    List<String> lead = new ArrayList<>();
    List<String> detail = new ArrayList<>();
    List<String> people = new ArrayList<>();
    boolean first = true;
    for (int g = 0; g < groups.size(); g++) {
      List<String> predicates = groups.get(g);
      if (predicates.isEmpty()) {
        continue;
      }
      String subject = first ? when + ", " + who(report) : g == 3 && !people.isEmpty() ? "They also" : "They";
      String sentence = subject + " " + join(predicates) + ".";
      first = false;
      if (g == 0) {
        lead.add(sentence);
        lead.addAll(charged(t));
      } else if (g == 1) {
        lead.add(sentence);
        detail.addAll(seizureDetail(t));
      } else if (lead.isEmpty()) {
        lead.add(sentence);
      } else {
        people.add(sentence);
      }
    }
    if (lead.isEmpty()) {
      // Only events with no figure of their own (possible with a future event type): say how many.
      lead.add(when + ", " + who(report) + " made " + Numbers.counted(t.get(Metric.EVENTS), "report", "reports") + ".");
    }
    List<String> paragraphs = new ArrayList<>();
    for (List<String> p : List.of(lead, detail, people)) {
      if (!p.isEmpty()) {
        paragraphs.add(String.join(" ", p));
      }
    }
    return paragraphs;
  }

  /** Who did it: {@code officers in 44 forces}, {@code officers of Kent Police}. */
  static String who(Report report) {
    List<ForceInfo> all = report.forces();
    int taking = report.forcesTakingPart().size();
    return switch (report.scope().level()) {
      case NATIONAL -> "officers in " + Numbers.counted(taking, "force", "forces");
      case REGION -> all.size() == 1 ? "officers of " + all.get(0).name()
          : taking == all.size() ? "officers in all " + Numbers.words(taking) + " forces in " + report.scopeName()
          : "officers in " + Numbers.words(taking) + " of the " + Numbers.words(all.size()) + " forces in " + report.scopeName();
      case FORCE -> "officers of " + report.scopeName();
    };
  }

  private static List<String> enforcement(Tally t) {
    List<String> p = new ArrayList<>();
    add(p, t.get(Metric.ARRESTS), "made ", "arrest", "arrests");
    add(p, t.get(Metric.WARRANTS), "executed ", "warrant", "warrants");
    add(p, t.get(Metric.VEHICLE_STOPS), "stopped ", "vehicle", "vehicles");
    add(p, t.get(Metric.DEAL_LINES_CLOSED), "closed ", "deal line", "deal lines");
    return p;
  }

  private static List<String> charged(Tally t) {
    long charged = t.get(Metric.CHARGED);
    long remanded = t.get(Metric.REMANDED);
    if (t.get(Metric.ARRESTS) == 0 || (charged == 0 && remanded == 0)) {
      return List.of();
    }
    String text;
    if (charged > 0 && remanded > 0) {
      text = Numbers.words(charged) + " " + have(charged) + " been charged and " + Numbers.words(remanded) + " remanded in custody";
    } else if (charged > 0) {
      text = Numbers.words(charged) + " " + have(charged) + " been charged";
    } else {
      text = Numbers.words(remanded) + " " + have(remanded) + " been remanded in custody";
    }
    return List.of("Of those arrested, " + text + ".");
  }

  private static String have(long n) {
    return n == 1 ? "has" : "have";
  }

  private static List<String> seizures(Tally t) {
    List<String> items = new ArrayList<>();
    long value = t.get(Metric.DRUGS_VALUE);
    if (value > 0) {
      items.add("drugs worth an estimated " + Numbers.money(value));
    } else if (!drugs(t).isEmpty()) {
      items.add("drugs");
    }
    if (t.get(Metric.CASH) > 0) {
      items.add(Numbers.money(t.get(Metric.CASH)) + " in cash");
    }
    long weapons = Figure.WEAPONS.of(t);
    if (weapons > 0) {
      long firearms = t.get(Metric.FIREARMS);
      long bladed = t.get(Metric.BLADED_WEAPONS);
      if (firearms == weapons) {
        items.add(Numbers.counted(firearms, "firearm", "firearms"));
      } else if (bladed == weapons) {
        items.add(Numbers.counted(bladed, "bladed weapon", "bladed weapons"));
      } else {
        items.add(Numbers.counted(weapons, "weapon", "weapons"));
      }
    }
    if (t.get(Metric.PHONES) > 0) {
      items.add(Numbers.counted(t.get(Metric.PHONES), "mobile phone", "mobile phones"));
    }
    return items.isEmpty() ? List.of() : List.of("seized " + join(items));
  }

  private static List<String> seizureDetail(Tally t) {
    List<String> out = new ArrayList<>();
    List<String> drugs = drugs(t);
    if (!drugs.isEmpty()) {
      out.add("The drugs seized included " + join(drugs) + ".");
    }
    long firearms = t.get(Metric.FIREARMS);
    long bladed = t.get(Metric.BLADED_WEAPONS);
    long other = t.get(Metric.OTHER_WEAPONS);
    long types = (firearms > 0 ? 1 : 0) + (bladed > 0 ? 1 : 0) + (other > 0 ? 1 : 0);
    if (types > 1) {
      List<String> w = new ArrayList<>();
      if (bladed > 0) {
        w.add(Numbers.counted(bladed, "bladed weapon", "bladed weapons"));
      }
      if (firearms > 0) {
        w.add(Numbers.counted(firearms, "firearm", "firearms"));
      }
      if (other > 0) {
        w.add(Numbers.counted(other, "other weapon", "other weapons"));
      }
      out.add("The weapons were " + join(w) + ".");
    }
    return out;
  }

  private static List<String> drugs(Tally t) {
    List<String> d = new ArrayList<>();
    mass(d, t.get(Metric.COCAINE), "cocaine");
    mass(d, t.get(Metric.CRACK_COCAINE), "crack cocaine");
    mass(d, t.get(Metric.HEROIN), "heroin");
    mass(d, t.get(Metric.CANNABIS), "cannabis");
    if (t.get(Metric.CANNABIS_PLANTS) > 0) {
      d.add(Numbers.counted(t.get(Metric.CANNABIS_PLANTS), "cannabis plant", "cannabis plants"));
    }
    if (t.get(Metric.CLASS_A_WRAPS) > 0) {
      d.add(Numbers.counted(t.get(Metric.CLASS_A_WRAPS), "wrap of class A drugs", "wraps of class A drugs"));
    }
    mass(d, t.get(Metric.OTHER_DRUGS), "other drugs");
    return d;
  }

  private static void mass(List<String> out, long milligrams, String what) {
    if (milligrams > 0) {
      out.add(Numbers.mass(milligrams) + " of " + what);
    }
  }

  private static List<String> safeguarding(Tally t) {
    List<String> p = new ArrayList<>();
    long adults = t.get(Metric.SAFEGUARDED_ADULTS);
    long children = t.get(Metric.SAFEGUARDED_CHILDREN);
    if (adults > 0 && children > 0) {
      p.add("safeguarded " + Numbers.words(adults + children) + " vulnerable people ("
          + Numbers.counted(adults, "adult", "adults") + " and " + Numbers.counted(children, "child", "children") + ")");
    } else if (adults > 0) {
      p.add("safeguarded " + Numbers.counted(adults, "vulnerable adult", "vulnerable adults"));
    } else if (children > 0) {
      p.add("safeguarded " + Numbers.counted(children, "vulnerable child", "vulnerable children"));
    }
    add(p, t.get(Metric.NRM_REFERRALS), "made ", "referral to the National Referral Mechanism",
        "referrals to the National Referral Mechanism");
    add(p, t.get(Metric.CUCKOO_VISITS), "visited ", "cuckooed address", "cuckooed addresses");
    return p;
  }

  private static List<String> engagement(Tally t) {
    List<String> p = new ArrayList<>();
    add(p, t.get(Metric.SCHOOLS), "visited ", "school", "schools");
    long children = t.get(Metric.ENGAGED_CHILDREN);
    long adults = t.get(Metric.ENGAGED_ADULTS);
    List<String> audience = new ArrayList<>();
    if (children > 0) {
      audience.add(Numbers.counted(children, "child", "children"));
    }
    if (adults > 0) {
      audience.add(Numbers.counted(adults, "adult", "adults"));
    }
    if (!audience.isEmpty()) {
      p.add("gave educational sessions to " + join(audience));
    }
    add(p, t.get(Metric.PARTNERS), "worked with ", "partner organisation", "partner organisations");
    return p;
  }

  private static void add(List<String> out, long n, String verb, String singular, String plural) {
    if (n > 0) {
      out.add(verb + Numbers.counted(n, singular, plural));
    }
  }

  /** {@code a}, {@code a and b}, {@code a, b and c}. */
  static String join(List<String> items) {
    if (items.size() <= 1) {
      return items.isEmpty() ? "" : items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  /** The sentence that introduces the comparison, or says why there is none. */
  static String comparisonIntro(Report report) {
    if (report.previous() == null) {
      return report.noPreviousReason() == null
          ? "There is no previous operation to compare with."
          : "There is no previous operation to compare with: " + report.noPreviousReason() + ".";
    }
    Operation prev = report.previous().operation();
    String intro = "The previous operation was " + prev.getName() + " (" + range(prev) + ").";
    return report.scope().level() == ReportScope.Level.NATIONAL ? intro
        : intro + " The figures below are " + possessive(report.scopeName()) + " in both.";
  }

  /** {@code Kent Police's}, {@code Eastern (ERSOU)'s}. */
  static String possessive(String name) {
    return name.endsWith("s") ? name + "'" : name + "'s";
  }

  /** One line per headline figure that either operation recorded: {@code 172 deal lines closed, up 65% from 104}. */
  static List<String> comparison(Report report) {
    Tally before = report.previousTotals();
    if (before == null) {
      return List.of();
    }
    Tally now = report.totals();
    List<String> lines = new ArrayList<>();
    for (Figure f : Figure.values()) {
      lines.addAll(compare(f, f.of(now), f.of(before)));
    }
    return lines;
  }

  static List<String> compare(Figure f, long now, long before) {
    if (now == 0 && before == 0) {
      return List.of();
    }
    String change;
    if (now == before) {
      change = "unchanged";
    } else if (before == 0) {
      change = "up from none";
    } else if (now == 0) {
      change = "down from " + f.amount(before);
    } else {
      change = (now > before ? "up " : "down ") + Numbers.percent(now, before) + " from " + f.amount(before);
    }
    return List.of(f.phrase(now) + ", " + change);
  }

  /** {@code up 65%}, {@code down 8%}, {@code unchanged}, {@code new} (for table cells). */
  static String change(long now, long before) {
    if (now == before) {
      return "unchanged";
    }
    if (before == 0) {
      return "new";
    }
    return (now > before ? "up " : "down ") + Numbers.percent(now, before);
  }

  /** The first letter in capitals. */
  static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
