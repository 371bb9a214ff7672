package org.countline.replay;

import java.util.Objects;

/**
 * What a report covers: the whole operation, one region or one force.
 *
 * @param level national, region or force
 * @param code the region or force code; null for the nation
 */
public record ReportScope(Level level, String code) {
  public enum Level { NATIONAL, REGION, FORCE }

  public ReportScope {
    Objects.requireNonNull(level, "level");
    if ((level == Level.NATIONAL) != (code == null)) {
      throw new IllegalArgumentException("a " + level + " scope " + (code == null ? "needs" : "has no") + " code");
    }
  }

  public static ReportScope national() {
    return new ReportScope(Level.NATIONAL, null);
  }

  public static ReportScope region(String code) {
    return new ReportScope(Level.REGION, code);
  }

  public static ReportScope force(String code) {
    return new ReportScope(Level.FORCE, code);
  }
}
