package org.countline.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The forces and the regions they report with, read from a CSV data file
 * ({@code code,name,region,regionName}) that a deployment can replace: the mapping changes
 * (Kent now reports with the Eastern unit), so it is data, not code. The bundled default is
 * {@code forces.csv} beside this class.
 */
public final class ReferenceData {
  /** Codes are lower-case kebab words, as used in keys, topics and API paths. */
  public static final Pattern CODE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final Map<String, ForceInfo> forces;

  private ReferenceData(Map<String, ForceInfo> forces) {
    this.forces = Collections.unmodifiableMap(forces);
  }

  /** The 43 territorial forces of England and Wales and British Transport Police. */
  public static ReferenceData defaults() {
    try (InputStream in = ReferenceData.class.getResourceAsStream("forces.csv")) {
      if (in == null) {
        throw new IllegalStateException("forces.csv is missing from the classpath");
      }
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8), "forces.csv");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses the CSV; {@code origin} names the source in error messages. Blank lines and lines
   * starting with {@code #} are skipped; the first other line is the header.
   */
  public static ReferenceData parse(Reader reader, String origin) throws IOException {
    Map<String, ForceInfo> forces = new LinkedHashMap<>();
    BufferedReader in = new BufferedReader(reader);
    String line;
    int number = 0;
    boolean header = true;
    while ((line = in.readLine()) != null) {
      number++;
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      if (header) {
        header = false;
        if (!trimmed.equals("code,name,region,regionName")) {
          throw new IllegalArgumentException(origin + ":" + number + ": expected the header code,name,region,regionName");
        }
        continue;
      }
      String[] cols = trimmed.split(",", -1);
      if (cols.length != 4) {
        throw new IllegalArgumentException(origin + ":" + number + ": expected 4 columns, found " + cols.length);
      }
      ForceInfo force = new ForceInfo(cols[0].strip(), cols[1].strip(), cols[2].strip(), cols[3].strip());
      if (!CODE.matcher(force.code()).matches() || !CODE.matcher(force.region()).matches()) {
        throw new IllegalArgumentException(origin + ":" + number + ": codes must be lower-case words joined by '-'");
      }
      if (forces.put(force.code(), force) != null) {
        throw new IllegalArgumentException(origin + ":" + number + ": force '" + force.code() + "' is listed twice");
      }
    }
    if (forces.isEmpty()) {
      throw new IllegalArgumentException(origin + ": no forces listed");
    }
    return new ReferenceData(forces);
  }

  public Optional<ForceInfo> force(String code) {
    return Optional.ofNullable(forces.get(code));
  }

  public Collection<ForceInfo> forces() {
    return forces.values();
  }

  /** Region codes to region names, in file order. */
  public Map<String, String> regions() {
    Map<String, String> regions = new LinkedHashMap<>();
    forces.values().forEach(f -> regions.putIfAbsent(f.region(), f.regionName()));
    return regions;
  }
}
