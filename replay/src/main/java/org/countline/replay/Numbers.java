package org.countline.replay;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * How reports write numbers, in British English: counts with thousands separators, one to nine
 * in words in running text, money in pounds ({@code £1.2m}, {@code £150,000}), mass in grams or,
 * from a kilogram up, kilograms. Stored values come in pence and milligrams.
 */
final class Numbers {
  private static final String[] WORDS = {"no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
  private static final DecimalFormatSymbols UK = DecimalFormatSymbols.getInstance(Locale.UK);

  private Numbers() {}

  /** {@code 1,360}. */
  static String count(long n) {
    return String.format(Locale.UK, "%,d", n);
  }

  /** A count in running text: {@code no}, {@code one} to {@code nine}, then {@code 10}, {@code 1,360}. */
  static String words(long n) {
    return n >= 0 && n < WORDS.length ? WORDS[(int) n] : count(n);
  }

  /** {@code one arrest}, {@code 1,360 arrests}, {@code no arrests}. */
  static String counted(long n, String singular, String plural) {
    return words(n) + " " + (n == 1 ? singular : plural);
  }

  /**
   * Money in running text, as a press release rounds it: {@code £1.2m} from a million pounds, the
   * nearest thousand from ten thousand ({@code £150,000}), whole pounds below ({@code £7,450}),
   * and pence only under a hundred pounds ({@code £7.50}).
   */
  static String money(long pence) {
    BigDecimal pounds = BigDecimal.valueOf(pence).movePointLeft(2);
    if (pounds.compareTo(BigDecimal.valueOf(10_000)) >= 0) {
      BigDecimal thousands = pounds.setScale(-3, RoundingMode.HALF_UP);
      if (thousands.compareTo(BigDecimal.valueOf(1_000_000)) >= 0) {
        return "£" + plain(pounds.movePointLeft(6).setScale(1, RoundingMode.HALF_UP)) + "m";
      }
      return "£" + count(thousands.longValueExact());
    }
    if (pounds.compareTo(BigDecimal.valueOf(100)) < 0 && pence % 100 != 0) {
      return "£" + pounds.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
    return "£" + count(pounds.setScale(0, RoundingMode.HALF_UP).longValueExact());
  }

  /** Money in a table: whole pounds, {@code £1,234,568}. */
  static String poundsInTable(long pence) {
    return "£" + count(BigDecimal.valueOf(pence).movePointLeft(2).setScale(0, RoundingMode.HALF_UP).longValueExact());
  }

  /**
   * A mass in running text: {@code 5.2 kg} from a kilogram up (whole kilograms from 100 kg),
   * whole grams from 10 g, and up to two decimals below ({@code 2.5 g}).
   */
  static String mass(long milligrams) {
    BigDecimal grams = BigDecimal.valueOf(milligrams).movePointLeft(3);
    if (grams.compareTo(BigDecimal.valueOf(1000)) >= 0) {
      BigDecimal kg = grams.movePointLeft(3);
      return plain(kg.setScale(kg.compareTo(BigDecimal.valueOf(100)) >= 0 ? 0 : 1, RoundingMode.HALF_UP)) + " kg";
    }
    if (grams.compareTo(BigDecimal.TEN) >= 0) {
      return count(grams.setScale(0, RoundingMode.HALF_UP).longValueExact()) + " g";
    }
    BigDecimal small = grams.setScale(2, RoundingMode.HALF_UP);
    if (small.signum() == 0 && milligrams != 0) {
      return "less than 0.01 g";
    }
    return plain(small) + " g";
  }

  /** Grams in a table, exact to the milligram: {@code 5,000}, {@code 10.5}, {@code 0.125}. */
  static String gramsInTable(long milligrams) {
    DecimalFormat f = new DecimalFormat("#,##0.###", UK);
    return f.format(BigDecimal.valueOf(milligrams).movePointLeft(3));
  }

  /** {@code 65%}, or {@code less than 1%} for a change that rounds to nothing. */
  static String percent(long current, long previous) {
    BigDecimal change = BigDecimal.valueOf(Math.abs(current - previous)).multiply(BigDecimal.valueOf(100))
        .divide(BigDecimal.valueOf(previous), 0, RoundingMode.HALF_UP);
    return change.signum() == 0 ? "less than 1%" : count(change.longValueExact()) + "%";
  }

  private static String plain(BigDecimal d) {
    BigDecimal stripped = d.stripTrailingZeros();
    return new DecimalFormat("#,##0.##", UK).format(stripped.scale() < 0 ? stripped.setScale(0) : stripped);
  }
}
