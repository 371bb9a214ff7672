package org.countline.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of one benchmark run, in the order they are printed. Each figure has a name, a
 * value and a unit; ratios are computed against the limit measured in the same run.
 */
public final class BenchResult {
  /** One figure: value in unit, and the ratio to the run's limit where one applies. */
  public record Figure(String name, double value, String unit, String note) {}

  private final Map<String, Figure> figures = new LinkedHashMap<>();
  private final Map<String, Object> facts = new LinkedHashMap<>();

  public void put(String key, String name, double value, String unit, String note) {
    figures.put(key, new Figure(name, value, unit, note));
  }

  public void fact(String key, Object value) {
    facts.put(key, value);
  }

  public Double value(String key) {
    Figure f = figures.get(key);
    return f == null ? null : f.value();
  }

  public Map<String, Figure> figures() {
    return figures;
  }

  public Map<String, Object> facts() {
    return facts;
  }
}
