package org.countline.core;

import org.countline.avro.Arrest;
import org.countline.avro.DealLineClosed;
import org.countline.avro.DrugSeizure;
import org.countline.avro.Engagement;
import org.countline.avro.FieldEvent;
import org.countline.avro.Safeguarding;
import org.countline.avro.Seizure;
import org.countline.avro.VehicleStop;
import org.countline.avro.WarrantExecuted;
import org.countline.avro.WeaponSeizure;
import org.countline.avro.Withdrawal;

/** What one field event adds to the totals: its metrics and one live event, or nothing if withdrawn. */
public final class Contribution {
  private Contribution() {}

  /** The tally this event contributes; a withdrawal contributes nothing. */
  public static Tally of(FieldEvent event) {
    Tally t = new Tally();
    Object payload = event.getPayload();
    if (payload instanceof Withdrawal) {
      return t;
    }
    t.set(Metric.EVENTS, 1);
    if (payload instanceof Arrest a) {
      t.set(Metric.ARRESTS, a.getCount()).set(Metric.CHARGED, a.getCharged()).set(Metric.REMANDED, a.getRemanded());
    } else if (payload instanceof WarrantExecuted w) {
      t.set(Metric.WARRANTS, w.getCount());
    } else if (payload instanceof VehicleStop v) {
      t.set(Metric.VEHICLE_STOPS, v.getCount());
    } else if (payload instanceof Seizure s) {
      addSeizure(t, s);
    } else if (payload instanceof DealLineClosed d) {
      t.set(Metric.DEAL_LINES_CLOSED, d.getCount());
    } else if (payload instanceof Safeguarding s) {
      t.set(Metric.SAFEGUARDED_ADULTS, s.getAdults())
          .set(Metric.SAFEGUARDED_CHILDREN, s.getChildren())
          .set(Metric.NRM_REFERRALS, s.getNrmReferrals())
          .set(Metric.CUCKOO_VISITS, s.getCuckooVisits());
    } else if (payload instanceof Engagement e) {
      t.set(Metric.SCHOOLS, e.getSchools())
          .set(Metric.ENGAGED_CHILDREN, e.getChildren())
          .set(Metric.ENGAGED_ADULTS, e.getAdults())
          .set(Metric.PARTNERS, e.getPartners());
    } else {
      throw new IllegalArgumentException("unknown payload type " + (payload == null ? "null" : payload.getClass().getSimpleName()));
    }
    return t;
  }

  private static void addSeizure(Tally t, Seizure s) {
    for (DrugSeizure d : s.getDrugs()) {
      t.plus(Metric.DRUGS_VALUE, d.getValuePence());
      t.plus(drugMetric(d), d.getQuantity());
    }
    t.plus(Metric.CASH, s.getCashPence());
    for (WeaponSeizure w : s.getWeapons()) {
      Metric m = switch (w.getType()) {
        case FIREARM -> Metric.FIREARMS;
        case BLADED -> Metric.BLADED_WEAPONS;
        case OTHER -> Metric.OTHER_WEAPONS;
      };
      t.plus(m, w.getCount());
    }
    t.plus(Metric.PHONES, s.getPhones());
  }

  static Metric drugMetric(DrugSeizure d) {
    return switch (d.getDrug()) {
      case COCAINE -> Metric.COCAINE;
      case CRACK_COCAINE -> Metric.CRACK_COCAINE;
      case HEROIN -> Metric.HEROIN;
      case CANNABIS -> Metric.CANNABIS;
      case CANNABIS_PLANTS -> Metric.CANNABIS_PLANTS;
      case CLASS_A_WRAPS -> Metric.CLASS_A_WRAPS;
      case OTHER -> Metric.OTHER_DRUGS;
    };
  }
}
