package org.countline.replay;

import java.util.Locale;

/** The formats a report is written in, and the file extension of each. */
public enum ReportFormat {
  MD("md"),
  HTML("html"),
  CSV("csv"),
  JSON("json");

  private final String extension;

  ReportFormat(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  /** The format named on the command line ({@code md}, {@code html}, {@code csv}, {@code json}). */
  public static ReportFormat of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
