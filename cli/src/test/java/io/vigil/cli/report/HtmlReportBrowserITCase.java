package io.vigil.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.cli.VigilCli;
import io.vigil.models.Json;
import io.vigil.operators.sink.JsonLinesFiles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import picocli.CommandLine;

/**
 * {@code vigil replay --report} end to end: a simulated fleet is recorded, replayed with a report,
 * and the report is opened from disk in a real headless Chromium (Debian's chromium and
 * chromium-driver, installed by .ci/run): no console error, every chart drawn, the findings table
 * lists the replay's findings and sorts and filters them. The screenshot is kept under target/.
 */
class HtmlReportBrowserITCase {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SCREENSHOT = Path.of("target", "report-screenshot.png");

  /** Series stroke colours of report.js, per chart metric. */
  static final Map<String, int[]> STROKES =
      Map.of(
          "invocations", new int[] {0x25, 0x63, 0xeb},
          "p95", new int[] {0x7c, 0x3a, 0xed},
          "cost", new int[] {0x05, 0x96, 0x69},
          "egress", new int[] {0xdc, 0x26, 0x26});

  @Test
  void replayReportRendersInHeadlessChromium(@TempDir Path dir) throws Exception {
    assertThat(CHROMIUM).as("apt-get install chromium (see .ci/run)").exists();
    assertThat(CHROMEDRIVER).as("apt-get install chromium-driver (see .ci/run)").exists();
    Path recording = dir.resolve("recording");
    Path out = dir.resolve("out");
    Path report = dir.resolve("backtest.html");
    CommandLine cli = new CommandLine(new VigilCli());
    int rc =
        cli.execute(
            "simulate",
            "--output",
            recording.toString(),
            "--minutes",
            "240",
            "--functions",
            "12",
            "--corrupt-every",
            "60");
    assertThat(rc).isZero();
    rc =
        new CommandLine(new VigilCli())
            .execute(
                "replay",
                "--input",
                recording.toString(),
                "--output",
                out.toString(),
                "--parallelism",
                "1",
                "--report",
                report.toString());
    assertThat(rc).isZero();
    assertThat(report).exists();
    String html = Files.readString(report);
    assertThat(html)
        .as("no external resource: everything inlined")
        .doesNotContainPattern("(?i)<(script|link|img|iframe)[^>]+(src|href)\\s*=");

    Map<String, JsonNode> findings = readFindings(out);
    assertThat(findings).as("the replay finds the injected incidents").hasSizeGreaterThan(5);
    Set<String> functionsWithFindings =
        findings.values().stream()
            .map(f -> f.path("functionKey").asText())
            .collect(Collectors.toCollection(TreeSet::new));

    ChromeDriver driver = chromium(dir.resolve("chromium-profile"));
    try {
      driver.get(report.toUri().toString());
      waitUntilReady(driver);
      JavascriptExecutor js = driver;

      List<LogEntry> errors =
          driver.manage().logs().get(LogType.BROWSER).getAll().stream()
              .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
              .toList();
      assertThat(errors).as("console errors").isEmpty();

      // Every chart: 4 per function with findings, each with its series drawn.
      List<WebElement> charts = driver.findElements(By.cssSelector(".chart"));
      assertThat(charts).hasSize(4 * functionsWithFindings.size());
      for (WebElement chart : charts) {
        String metric = chart.getAttribute("data-metric");
        int[] rgb = STROKES.get(metric);
        long strokePixels =
            ((Number)
                    js.executeScript(
                        "const c = arguments[0].querySelector('canvas');"
                            + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                            + "let n = 0;"
                            + "for (let i = 0; i < d.length; i += 4) {"
                            + "  if (d[i+3] > 200 && Math.abs(d[i]-arguments[1]) < 40"
                            + "      && Math.abs(d[i+1]-arguments[2]) < 40"
                            + "      && Math.abs(d[i+2]-arguments[3]) < 40) n++; }"
                            + "return n;",
                        chart,
                        rgb[0],
                        rgb[1],
                        rgb[2]))
                .longValue();
        assertThat(strokePixels)
            .as("%s chart of %s draws its series", metric, chart.getAttribute("data-function"))
            .isGreaterThan(50);
      }
      // Each finding's window is marked: the pixel just inside the window's start is tinted.
      Object tinted =
          js.executeScript(
              "const f = JSON.parse(document.getElementById('report-data').textContent).findings[0];"
                  + "const p = window.vigilReport.plots.find(p => p.root.parentElement.dataset.function"
                  + "  === f.functionKey);"
                  + "const x = Math.round(p.valToPos(f.windowStart / 1000, 'x', true)) + 1;"
                  + "const y = Math.round(p.bbox.top + 2);"
                  + "const d = p.ctx.getImageData(x, y, 1, 1).data;"
                  + "return d[3] > 0 && !(d[0] > 250 && d[1] > 250 && d[2] > 250);");
      assertThat(tinted).as("the first finding's window is shaded").isEqualTo(true);

      // The table lists exactly the replay's findings.
      List<WebElement> rows = driver.findElements(By.cssSelector("#findings tbody tr"));
      assertThat(rows).hasSize(findings.size());
      Set<String> shown =
          rows.stream()
              .map(
                  r -> {
                    List<WebElement> td = r.findElements(By.tagName("td"));
                    String explanation = r.findElement(By.cssSelector("td.explanation")).getText();
                    return td.get(1).getText() + " " + td.get(2).getText() + " " + explanation;
                  })
              .collect(Collectors.toSet());
      Set<String> expected =
          findings.values().stream()
              .map(
                  f ->
                      f.path("functionName").asText()
                          + " "
                          + f.path("type").asText()
                          + " "
                          + f.path("explanation").asText())
              .collect(Collectors.toSet());
      assertThat(shown).isEqualTo(expected);

      // Filter by type, then sort by score.
      String type = findings.values().iterator().next().path("type").asText();
      long ofType =
          findings.values().stream().filter(f -> f.path("type").asText().equals(type)).count();
      new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("filter-type")))
          .selectByValue(type);
      rows = driver.findElements(By.cssSelector("#findings tbody tr"));
      assertThat(rows).hasSize((int) ofType);
      assertThat(rows)
          .allMatch(r -> r.findElements(By.tagName("td")).get(2).getText().equals(type));
      driver.findElement(By.cssSelector("#findings th[data-col='5']")).click();
      List<Double> scores =
          driver.findElements(By.cssSelector("#findings tbody tr td:nth-child(6)")).stream()
              .map(td -> Double.parseDouble(td.getText().replace(",", "")))
              .toList();
      assertThat(scores).isSorted();

      assertThat(driver.findElements(By.cssSelector("#dead-letters tbody tr"))).isNotEmpty();
      long functions =
          OutputFiles.read(out, "metrics", io.vigil.models.finding.MetricBucket.class, b -> b.id)
              .stream()
              .map(b -> b.functionKey)
              .distinct()
              .count();
      assertThat(driver.findElement(By.cssSelector("#summary .card .v")).getText())
          .as("functions card")
          .isEqualTo(String.valueOf(functions));

      new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("filter-type")))
          .selectByValue("");
      driver.findElement(By.cssSelector("#findings th[data-col='0']")).click(); // by time again
      js.executeScript("window.scrollTo(0, 0)");
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.createDirectories(SCREENSHOT.getParent());
      Files.copy(shot.toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(
          report,
          SCREENSHOT.resolveSibling("report-example.html"),
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      driver.quit();
    }
  }

  static Map<String, JsonNode> readFindings(Path out) throws Exception {
    Map<String, JsonNode> byId = new TreeMap<>();
    for (String line : JsonLinesFiles.lines(out, "findings")) {
      JsonNode n = Json.MAPPER.readTree(line);
      byId.put(n.path("id").asText(), n);
    }
    return byId;
  }

  static ChromeDriver chromium(Path profile) throws Exception {
    Files.createDirectories(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,2400",
        "--user-data-dir=" + profile.toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withTimeout(Duration.ofSeconds(60))
            .build();
    return new ChromeDriver(service, options);
  }

  static void waitUntilReady(ChromeDriver driver) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      Object ready = driver.executeScript("return document.body.getAttribute('data-ready')");
      if ("true".equals(ready)) return;
      Thread.sleep(200);
    }
    throw new AssertionError("report did not render in 30 s: " + driver.getPageSource().length());
  }
}
