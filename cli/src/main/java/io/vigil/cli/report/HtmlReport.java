package io.vigil.cli.report;

import io.vigil.models.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Writes a backtest report as one self-contained HTML file: the page, its script and styles, the
 * chart library (uPlot, pinned in {@code src/main/report-ui/package-lock.json} and installed by the
 * build) and the data are all inlined, so it opens from disk or an e-mail with no network.
 */
public final class HtmlReport {
  static final String RESOURCES = "report/";
  private static final Pattern SCRIPT_END = Pattern.compile("(?i)</(script)");

  private HtmlReport() {}

  /** Reads the outputs in {@code outputDir} and writes the report to {@code file}. */
  public static BacktestReport write(Path outputDir, Path file, String title) throws IOException {
    BacktestReport report = BacktestReport.read(outputDir);
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.writeString(file, render(report, title), StandardCharsets.UTF_8);
    return report;
  }

  public static String render(BacktestReport report, String title) throws IOException {
    // '<' escaped inside JSON strings, so no text can close the <script> block.
    String data = Json.write(report.toJson(title)).replace("<", "\\u003c");
    return resource("report.html")
        .replace("{{title}}", escapeHtml(title))
        .replace("/*{{uplot.css}}*/", resource("vendor/dist/uPlot.min.css"))
        .replace("/*{{report.css}}*/", resource("report.css"))
        .replace("/*{{uplot.js}}*/", inlineScript(resource("vendor/dist/uPlot.iife.min.js")))
        .replace("/*{{report.js}}*/", inlineScript(resource("report.js")))
        .replace("{{data}}", data);
  }

  static String inlineScript(String js) {
    return SCRIPT_END.matcher(js).replaceAll("<\\\\/$1");
  }

  static String escapeHtml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  static String resource(String name) throws IOException {
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IOException(
            "missing resource "
                + RESOURCES
                + name
                + " (the build installs the chart library with npm ci: ./mvnw package)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
