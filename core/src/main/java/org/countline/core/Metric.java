package org.countline.core;

/**
 * Every figure Countline counts, in the order of the fields of the Avro {@code Totals} record.
 *
 * <p>One list serves the arithmetic ({@link Tally}), the Avro mapping, the JSON totals shape of
 * the contract and the tables of reports, so a new metric is added in one place. Money is kept
 * in pence and mass in milligrams; {@link Unit} says how a value is shown to people.
 */
public enum Metric {
  EVENTS("events", "events", Unit.COUNT),
  ARRESTS("arrests", "arrests", Unit.COUNT),
  CHARGED("charged", "charged", Unit.COUNT),
  REMANDED("remanded", "remanded", Unit.COUNT),
  WARRANTS("warrants", "warrants", Unit.COUNT),
  VEHICLE_STOPS("vehicleStops", "vehicleStops", Unit.COUNT),
  DRUGS_VALUE("drugsValuePence", "drugs.valueGbp", Unit.PENCE),
  COCAINE("cocaineMg", "drugs.cocaine_g", Unit.MILLIGRAMS),
  CRACK_COCAINE("crackCocaineMg", "drugs.crack_cocaine_g", Unit.MILLIGRAMS),
  HEROIN("heroinMg", "drugs.heroin_g", Unit.MILLIGRAMS),
  CANNABIS("cannabisMg", "drugs.cannabis_g", Unit.MILLIGRAMS),
  CANNABIS_PLANTS("cannabisPlants", "drugs.cannabis_plants", Unit.COUNT),
  CLASS_A_WRAPS("classAWraps", "drugs.class_a_wraps", Unit.COUNT),
  OTHER_DRUGS("otherDrugsMg", "drugs.other_g", Unit.MILLIGRAMS),
  CASH("cashPence", "cashGbp", Unit.PENCE),
  FIREARMS("firearms", "weapons.firearm", Unit.COUNT),
  BLADED_WEAPONS("bladedWeapons", "weapons.bladed", Unit.COUNT),
  OTHER_WEAPONS("otherWeapons", "weapons.other", Unit.COUNT),
  PHONES("phones", "phones", Unit.COUNT),
  DEAL_LINES_CLOSED("dealLinesClosed", "dealLinesClosed", Unit.COUNT),
  SAFEGUARDED_ADULTS("safeguardedAdults", "safeguarding.adults", Unit.COUNT),
  SAFEGUARDED_CHILDREN("safeguardedChildren", "safeguarding.children", Unit.COUNT),
  NRM_REFERRALS("nrmReferrals", "safeguarding.nrmReferrals", Unit.COUNT),
  CUCKOO_VISITS("cuckooVisits", "safeguarding.cuckooVisits", Unit.COUNT),
  SCHOOLS("schools", "engagement.schools", Unit.COUNT),
  ENGAGED_CHILDREN("engagedChildren", "engagement.children", Unit.COUNT),
  ENGAGED_ADULTS("engagedAdults", "engagement.adults", Unit.COUNT),
  PARTNERS("partners", "engagement.partners", Unit.COUNT);

  /** How a stored value is shown: counts as they are, pence as pounds, milligrams as grams. */
  public enum Unit {
    COUNT,
    PENCE,
    MILLIGRAMS
  }

  private static final Metric[] ALL = values();

  private final String avroField;
  private final String jsonPath;
  private final Unit unit;

  Metric(String avroField, String jsonPath, Unit unit) {
    this.avroField = avroField;
    this.jsonPath = jsonPath;
    this.unit = unit;
  }

  /** The field of the Avro {@code Totals} record, at position {@link #ordinal()}. */
  public String avroField() {
    return avroField;
  }

  /** Dotted path in the contract's totals JSON, e.g. {@code drugs.cocaine_g}. */
  public String jsonPath() {
    return jsonPath;
  }

  public Unit unit() {
    return unit;
  }

  /** The value as people read it: pounds for pence, grams for milligrams. */
  public double display(long stored) {
    return switch (unit) {
      case COUNT -> stored;
      case PENCE -> stored / 100.0;
      case MILLIGRAMS -> stored / 1000.0;
    };
  }

  static Metric[] all() {
    return ALL;
  }
}
