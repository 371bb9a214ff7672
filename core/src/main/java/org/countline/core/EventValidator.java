package org.countline.core;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.countline.avro.Arrest;
import org.countline.avro.DealLineClosed;
import org.countline.avro.DrugSeizure;
import org.countline.avro.Engagement;
import org.countline.avro.FieldEvent;
import org.countline.avro.Operation;
import org.countline.avro.OperationStatus;
import org.countline.avro.Safeguarding;
import org.countline.avro.Seizure;
import org.countline.avro.VehicleStop;
import org.countline.avro.WarrantExecuted;
import org.countline.avro.WeaponSeizure;
import org.countline.avro.Withdrawal;

/**
 * The rules a field event must pass before it counts: a well-formed id and revision, a known and
 * open operation, a known force, a time inside the operation's window, and no negative figure.
 * The live topology, the gateway and the replay all apply these same rules.
 */
public final class EventValidator {

  /** Where the validator looks up reference data; the topology backs it with global stores. */
  public interface Lookup {
    Optional<Operation> operation(String id);

    Optional<ForceInfo> force(String code);
  }

  private EventValidator() {}

  /** Every violation of the rules, in field order; empty when the event is valid. */
  public static List<Violation> validate(FieldEvent event, Lookup lookup) {
    List<Violation> out = new ArrayList<>(1);
    checkId(event.getEventId(), out);
    if (event.getRevision() < 1) {
      out.add(new Violation("revision", "must be >= 1"));
    }
    if (event.getReporter() == null || event.getReporter().isBlank()) {
      out.add(new Violation("reporter", "must not be blank"));
    }
    Optional<Operation> operation = lookup.operation(event.getOperationId());
    if (operation.isEmpty()) {
      out.add(new Violation("operationId", "unknown operation '" + event.getOperationId() + "'"));
    } else if (isClosedFor(operation.get(), event)) {
      out.add(new Violation("operationId", "operation '" + event.getOperationId() + "' is closed"));
    }
    if (lookup.force(event.getForce()).isEmpty()) {
      out.add(new Violation("force", "unknown force '" + event.getForce() + "'"));
    }
    if (operation.isPresent() && !(event.getPayload() instanceof Withdrawal)) {
      checkWindow(event.getOccurredAt(), operation.get(), out);
    }
    checkPayload(event.getPayload(), out);
    return out;
  }

  /**
   * An operation refuses the events reported at or after its closing time. Judging by the
   * event's own reportedAt, not by when it is processed, gives the live totals and a replay the
   * same answer; an operation closed with no time refuses everything.
   */
  static boolean isClosedFor(Operation operation, FieldEvent event) {
    if (operation.getStatus() != OperationStatus.CLOSED) {
      return false;
    }
    Instant closedAt = operation.getClosedAt();
    return closedAt == null || !event.getReportedAt().isBefore(closedAt);
  }

  private static void checkWindow(Instant at, Operation operation, List<Violation> out) {
    OperationWindow window;
    try {
      window = OperationWindow.of(operation);
    } catch (DateTimeException e) {
      out.add(new Violation("operationId", "operation '" + operation.getId() + "' has an invalid time zone '"
          + operation.getTimeZone() + "'"));
      return;
    }
    if (!window.contains(at)) {
      out.add(new Violation("occurredAt", at + " is outside operation '" + operation.getId() + "' ("
          + window.start() + " to " + window.end() + " " + window.zone() + ")"));
    }
  }

  private static void checkId(String eventId, List<Violation> out) {
    // Checked by hand: every event passes here, and the usual UUID.fromString and toLowerCase
    // allocate on the way. The 8-4-4-4-12 hex form, in lower case, is the one spelling accepted:
    // a retry that differed only in case would otherwise count twice.
    if (eventId == null || eventId.length() != 36) {
      out.add(new Violation("eventId", "must be a UUID"));
      return;
    }
    boolean upper = false;
    for (int i = 0; i < 36; i++) {
      char c = eventId.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          out.add(new Violation("eventId", "must be a UUID"));
          return;
        }
      } else if (c >= 'A' && c <= 'F') {
        upper = true;
      } else if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        out.add(new Violation("eventId", "must be a UUID"));
        return;
      }
    }
    if (upper) {
      out.add(new Violation("eventId", "must be a UUID in lower case"));
    }
  }

  private static void checkPayload(Object payload, List<Violation> out) {
    if (payload instanceof Arrest a) {
      nonNegative("arrest.count", a.getCount(), out);
      nonNegative("arrest.charged", a.getCharged(), out);
      nonNegative("arrest.remanded", a.getRemanded(), out);
    } else if (payload instanceof WarrantExecuted w) {
      nonNegative("warrant.count", w.getCount(), out);
    } else if (payload instanceof VehicleStop v) {
      nonNegative("vehicle_stop.count", v.getCount(), out);
    } else if (payload instanceof DealLineClosed d) {
      nonNegative("deal_line_closed.count", d.getCount(), out);
    } else if (payload instanceof Seizure s) {
      List<DrugSeizure> drugs = s.getDrugs();
      for (int i = 0; i < drugs.size(); i++) {
        if (drugs.get(i).getQuantity() < 0) {
          out.add(new Violation("seizure.drugs[" + i + "].quantity", "must be >= 0"));
        }
        if (drugs.get(i).getValuePence() < 0) {
          out.add(new Violation("seizure.drugs[" + i + "].valueGbp", "must be >= 0"));
        }
      }
      nonNegative("seizure.cashGbp", s.getCashPence(), out);
      List<WeaponSeizure> weapons = s.getWeapons();
      for (int i = 0; i < weapons.size(); i++) {
        if (weapons.get(i).getCount() < 0) {
          out.add(new Violation("seizure.weapons[" + i + "].count", "must be >= 0"));
        }
      }
      nonNegative("seizure.phones", s.getPhones(), out);
    } else if (payload instanceof Safeguarding s) {
      nonNegative("safeguarding.adults", s.getAdults(), out);
      nonNegative("safeguarding.children", s.getChildren(), out);
      nonNegative("safeguarding.nrmReferrals", s.getNrmReferrals(), out);
      nonNegative("safeguarding.cuckooVisits", s.getCuckooVisits(), out);
    } else if (payload instanceof Engagement e) {
      nonNegative("engagement.schools", e.getSchools(), out);
      nonNegative("engagement.children", e.getChildren(), out);
      nonNegative("engagement.adults", e.getAdults(), out);
      nonNegative("engagement.partners", e.getPartners(), out);
    } else if (payload instanceof Withdrawal w) {
      if (w.getReason() == null || w.getReason().isBlank()) {
        out.add(new Violation("withdrawal.reason", "must not be blank"));
      }
    } else {
      out.add(new Violation("type", "unknown event type"));
    }
  }

  private static void nonNegative(String field, long value, List<Violation> out) {
    if (value < 0) {
      out.add(new Violation(field, "must be >= 0"));
    }
  }
}
