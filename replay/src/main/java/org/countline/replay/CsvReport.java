package org.countline.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.countline.core.ForceInfo;
import org.countline.core.Tally;
import org.countline.core.json.TotalsJson;

/**
 * A report as CSV for spreadsheets: a header row of metric names, then one row for the nation,
 * one per region and one per force (every force in scope, zeros included, with its region). The
 * columns are the contract's totals JSON flattened ({@code drugs.cocaine_g}, {@code cashGbp},
 * {@code weapons.total}, ...), in its units and number format: pounds and grams as exact decimals.
 */
final class CsvReport {
  private static final String UPDATED_AT = "updatedAt";

  private CsvReport() {}

  static String render(Report report) {
    List<String> metricColumns = columns(TotalsJson.toJson(Tally.zero()));
    StringBuilder csv = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("level", "code", "name", "region"));
    header.addAll(metricColumns);
    line(csv, header);
    ReplayResult r = report.current();
    String op = report.operation().getId();
    if (report.scope().level() == ReportScope.Level.NATIONAL) {
      line(csv, row("national", op, report.operation().getName(), "", r.national(), metricColumns));
    }
    if (report.scope().level() != ReportScope.Level.FORCE) {
      for (Map.Entry<String, String> region : report.regions().entrySet()) {
        line(csv, row("region", region.getKey(), region.getValue(), region.getKey(), r.region(region.getKey()), metricColumns));
      }
    }
    for (ForceInfo f : report.forces()) {
      line(csv, row("force", f.code(), f.name(), f.region(), r.force(f.code()), metricColumns));
    }
    return csv.toString();
  }

  private static List<String> row(String level, String code, String name, String region, Tally t, List<String> columns) {
    List<String> row = new ArrayList<>(List.of(level, code, name, region));
    ObjectNode json = TotalsJson.toJson(t);
    for (String column : columns) {
      row.add(json.at("/" + column.replace('.', '/')).asText());
    }
    return row;
  }

  /** The dotted paths of the totals JSON, in its order, without {@code updatedAt}. */
  private static List<String> columns(JsonNode json) {
    List<String> out = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = json.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (field.getKey().equals(UPDATED_AT)) {
        continue;
      }
      if (field.getValue().isObject()) {
        columns(field.getValue()).forEach(c -> out.add(field.getKey() + "." + c));
      } else {
        out.add(field.getKey());
      }
    }
    return out;
  }

  private static void line(StringBuilder csv, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(quote(cells.get(i)));
    }
    csv.append('\n');
  }

  /** RFC 4180: quoted when it holds a comma, a quote or a line break; a leading =, + or @ is made inert for spreadsheets. */
  static String quote(String cell) {
    String c = cell;
    if (!c.isEmpty() && "=+@".indexOf(c.charAt(0)) >= 0) {
      c = "'" + c;
    }
    if (c.indexOf(',') >= 0 || c.indexOf('"') >= 0 || c.indexOf('\n') >= 0 || c.indexOf('\r') >= 0) {
      return '"' + c.replace("\"", "\"\"") + '"';
    }
    return c;
  }
}
