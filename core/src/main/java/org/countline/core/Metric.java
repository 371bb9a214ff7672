package org.countline.core;

/**
 * Every figure Countline counts, in the order of the fields of the Avro {@code Totals} record.
 *
 * <p>One list serves the arithmetic ({@link Tally}), the Avro mapping, the JSON totals shape of
 * the contract and the tables of reports, so a new metric is added in one place. Money is kept
 * in pence and mass in milligrams; {@link Unit} says how a value is shown to people.
 */
public enum Metric {
  EVENTS("events", "events", Unit.COUNT, "Live events"),
  ARRESTS("arrests", "arrests", Unit.COUNT, "Arrests"),
  CHARGED("charged", "charged", Unit.COUNT, "People charged"),
  REMANDED("remanded", "remanded", Unit.COUNT, "People remanded"),
  WARRANTS("warrants", "warrants", Unit.COUNT, "Warrants executed"),
  VEHICLE_STOPS("vehicleStops", "vehicleStops", Unit.COUNT, "Vehicles stopped"),
  DRUGS_VALUE("drugsValuePence", "drugs.valueGbp", Unit.PENCE, "Drugs, street value (GBP)"),
  COCAINE("cocaineMg", "drugs.cocaine_g", Unit.MILLIGRAMS, "Cocaine (g)"),
  CRACK_COCAINE("crackCocaineMg", "drugs.crack_cocaine_g", Unit.MILLIGRAMS, "Crack cocaine (g)"),
  HEROIN("heroinMg", "drugs.heroin_g", Unit.MILLIGRAMS, "Heroin (g)"),
  CANNABIS("cannabisMg", "drugs.cannabis_g", Unit.MILLIGRAMS, "Cannabis (g)"),
  CANNABIS_PLANTS("cannabisPlants", "drugs.cannabis_plants", Unit.COUNT, "Cannabis plants"),
  CLASS_A_WRAPS("classAWraps", "drugs.class_a_wraps", Unit.COUNT, "Wraps of class A"),
  OTHER_DRUGS("otherDrugsMg", "drugs.other_g", Unit.MILLIGRAMS, "Other drugs (g)"),
  CASH("cashPence", "cashGbp", Unit.PENCE, "Cash seized (GBP)"),
  FIREARMS("firearms", "weapons.firearm", Unit.COUNT, "Firearms"),
  BLADED_WEAPONS("bladedWeapons", "weapons.bladed", Unit.COUNT, "Bladed weapons"),
  OTHER_WEAPONS("otherWeapons", "weapons.other", Unit.COUNT, "Other weapons"),
  PHONES("phones", "phones", Unit.COUNT, "Phones seized"),
  DEAL_LINES_CLOSED("dealLinesClosed", "dealLinesClosed", Unit.COUNT, "Deal lines closed"),
  SAFEGUARDED_ADULTS("safeguardedAdults", "safeguarding.adults", Unit.COUNT, "Adults safeguarded"),
  SAFEGUARDED_CHILDREN("safeguardedChildren", "safeguarding.children", Unit.COUNT, "Children safeguarded"),
  NRM_REFERRALS("nrmReferrals", "safeguarding.nrmReferrals", Unit.COUNT, "NRM referrals"),
  CUCKOO_VISITS("cuckooVisits", "safeguarding.cuckooVisits", Unit.COUNT, "Cuckooed addresses visited"),
  SCHOOLS("schools", "engagement.schools", Unit.COUNT, "Schools visited"),
  ENGAGED_CHILDREN("engagedChildren", "engagement.children", Unit.COUNT, "Children engaged"),
  ENGAGED_ADULTS("engagedAdults", "engagement.adults", Unit.COUNT, "Adults engaged"),
  PARTNERS("partners", "engagement.partners", Unit.COUNT, "Partners engaged");

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
  private final String label;

  Metric(String avroField, String jsonPath, Unit unit, String label) {
    this.avroField = avroField;
    this.jsonPath = jsonPath;
    this.unit = unit;
    this.label = label;
  }

  /** The name people read in tables and reports, e.g. {@code Deal lines closed}. */
  public String label() {
    return label;
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
