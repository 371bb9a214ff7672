package org.countline.core;

/**
 * The record keys of the contract: {@code OPERATION/FORCE} for events and force totals,
 * {@code OPERATION/REGION}, {@code OPERATION} and {@code OPERATION/FORCE/YYYY-MM-DD}.
 */
public final class Keys {
  public static final char SEPARATOR = '/';

  private Keys() {}

  public static String of(String first, String... rest) {
    StringBuilder sb = new StringBuilder(first);
    for (String part : rest) {
      sb.append(SEPARATOR).append(part);
    }
    return sb.toString();
  }

  /**
   * Whether {@code key} is {@code first/second}, compared without building it: every field event's
   * key is checked against its operation and force.
   */
  public static boolean isOf(String key, String first, String second) {
    return key != null && first != null && second != null
        && key.length() == first.length() + 1 + second.length()
        && key.startsWith(first) && key.charAt(first.length()) == SEPARATOR && key.endsWith(second);
  }

  /** The operation of any key: the part before the first separator. */
  public static String operation(String key) {
    int i = key.indexOf(SEPARATOR);
    return i < 0 ? key : key.substring(0, i);
  }

  /** The part at {@code index} (0-based), or null when the key is shorter. */
  public static String part(String key, int index) {
    String[] parts = key.split(String.valueOf(SEPARATOR), -1);
    return index < parts.length ? parts[index] : null;
  }
}
