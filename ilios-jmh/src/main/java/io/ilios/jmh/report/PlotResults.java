package io.ilios.jmh.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws {@code docs/benchmarks.png} from a JMH JSON result file and the ready-to-job JSON files the
 * claim benchmark writes: latency percentiles (log scale) on the left, throughput on the right,
 * SPEC targets marked in red; and {@code docs/storage-benchmarks.png} from the Postgres and S3
 * results.
 *
 * <p>Usage: {@code java -cp ilios-jmh/target/benchmarks.jar io.ilios.jmh.report.PlotResults
 * ilios-jmh/results docs/benchmarks.png}
 */
public final class PlotResults {
  private record Latency(String label, double p50, double p99, double p999, double target99) {}

  private record Rate(String label, double perSecond, double target) {}

  private static final Color P50 = new Color(0x4C72B0);
  private static final Color P99 = new Color(0xDD8452);
  private static final Color P999 = new Color(0x8C8C8C);
  private static final Color TARGET = new Color(0xC44E52);

  private PlotResults() {}

  public static void main(String[] args) throws IOException {
    Path results = Path.of(args.length > 0 ? args[0] : "ilios-jmh/results");
    Path out = Path.of(args.length > 1 ? args[1] : "docs/benchmarks.png");
    ObjectMapper json = new ObjectMapper();
    JsonNode runs = json.readTree(results.resolve("jmh.json").toFile());

    List<Latency> latencies = new ArrayList<>();
    List<Rate> rates = new ArrayList<>();
    for (JsonNode run : runs) {
      String name = run.get("benchmark").asText().replace("io.ilios.jmh.", "");
      JsonNode params = run.path("params");
      JsonNode metric = run.get("primaryMetric");
      JsonNode pct = metric.path("scorePercentiles");
      switch (name) {
        case "ClaimBenchmark.claimOne" ->
            latencies.add(latency("claim, 1 job\n" + params.get("checkpoint").asText(), pct, 80));
        case "HandoffBenchmark.thread" -> latencies.add(latency("hand-off\nthread", pct, 150));
        case "HandoffBenchmark.process" -> latencies.add(latency("hand-off\nprocess", pct, 0));
        case "SubmitToStartBenchmark.submitToStart" ->
            latencies.add(latency("submit to\nstart", pct, 500));
        case "ThroughputBenchmark.fullCycle" -> {
          boolean batched = params.get("mode").asText().equals("batched");
          rates.add(
              new Rate(
                  "full cycle\n" + (batched ? "batched" : "1 per stmt"),
                  metric.get("score").asDouble(),
                  batched ? 50_000 : 25_000));
        }
        case "ThroughputBenchmark.batchSubmit" ->
            rates.add(new Rate("batch\nsubmit", metric.get("score").asDouble(), 100_000));
        default -> {}
      }
    }
    for (String design : List.of("dispatcher", "sharedLock", "connectionPerThread")) {
      Path f = results.resolve("ready-to-job-" + design + ".json");
      if (Files.exists(f)) {
        JsonNode r = json.readTree(f.toFile());
        latencies.add(
            new Latency(
                "8 workers\n" + design,
                r.get("p50").asDouble(),
                r.get("p99").asDouble(),
                r.get("p999").asDouble(),
                design.equals("dispatcher") ? 1000 : 0));
      }
    }
    draw(latencies, rates, out);
    System.out.println("wrote " + out);
    Path storage = out.resolveSibling("storage-benchmarks.png");
    if (Files.exists(results.resolve("postgres.json"))
        && Files.exists(results.resolve("s3-transfer.json"))) {
      drawStorage(results, json, storage);
      System.out.println("wrote " + storage);
    }
  }

  /**
   * Draws the Postgres claim latencies and full-cycle rates, and S3 transfer rates (uploads from
   * {@code s3-upload.json} when present, the newer run), beside SPEC.md's targets.
   */
  private static void drawStorage(Path results, ObjectMapper json, Path out) throws IOException {
    List<Latency> claims = new ArrayList<>();
    List<Rate> cycles = new ArrayList<>();
    for (JsonNode run : json.readTree(results.resolve("postgres.json").toFile())) {
      String name = run.get("benchmark").asText().replace("io.ilios.jmh.", "");
      JsonNode metric = run.get("primaryMetric");
      switch (name) {
        case "ClaimBenchmark.claimOnePostgres" ->
            claims.add(latency("Postgres claim\n1 thread", metric.path("scorePercentiles"), 0));
        case "ClaimBenchmark.claimOnePostgresEightThreads" ->
            claims.add(latency("Postgres claim\n8 threads", metric.path("scorePercentiles"), 3000));
        case "ThroughputBenchmark.fullCyclePostgres" -> {
          boolean batched = run.path("params").get("mode").asText().equals("batched");
          cycles.add(
              new Rate(
                  "Postgres cycle\n" + (batched ? "batched" : "1 per stmt"),
                  metric.get("score").asDouble(),
                  batched ? 20_000 : 3_000));
        }
        default -> {}
      }
    }
    List<Rate> transfers = new ArrayList<>();
    Path uploads = results.resolve("s3-upload.json");
    for (Path file : List.of(results.resolve("s3-transfer.json"), uploads)) {
      if (!Files.exists(file)) {
        continue;
      }
      for (JsonNode run : json.readTree(file.toFile())) {
        String op = run.get("benchmark").asText().replaceAll(".*\\.", "");
        JsonNode params = run.path("params");
        boolean newer = file.equals(uploads);
        if (!params.get("target").asText().equals("s3")
            || (op.equals("upload") && !newer && Files.exists(uploads))) {
          continue;
        }
        int mib = params.get("sizeMiB").asInt();
        double p50Ms = run.get("primaryMetric").path("scorePercentiles").get("50.0").asDouble();
        transfers.add(
            new Rate(op + "\n" + (mib >= 1024 ? "1 GiB" : mib + " MiB"), mib / (p50Ms / 1000), 0));
      }
    }
    BufferedImage img = new BufferedImage(1600, 760, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    latencyPanel(g, "Postgres claim (µs, log scale)", claims, 70, 60, 380, 560);
    ratePanel(g, "Postgres full cycle (jobs/s)", cycles, 570, 60, 330, 560);
    title(g, "red = SPEC.md target", 70, 735);
    ratePanel(g, "S3 (S3Proxy, local), MiB/s at p50", transfers, 1000, 60, 560, 560);
    g.dispose();
    ImageIO.write(img, "png", out.toFile());
  }

  private static Graphics2D canvas(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    return g;
  }

  private static Latency latency(String label, JsonNode pct, double target99) {
    return new Latency(
        label,
        pct.get("50.0").asDouble(),
        pct.get("99.0").asDouble(),
        pct.get("99.9").asDouble(),
        target99);
  }

  private static void draw(List<Latency> latencies, List<Rate> rates, Path out) throws IOException {
    BufferedImage img = new BufferedImage(1600, 760, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(img);
    latencyPanel(
        g,
        "Latency (µs, log scale): p50, p99, p99.9; red = SPEC p99 target",
        latencies,
        70,
        60,
        1000,
        560);
    ratePanel(g, "Throughput (jobs/s); red = SPEC target", rates, 1170, 60, 390, 560);
    g.dispose();
    Files.createDirectories(out.toAbsolutePath().getParent());
    ImageIO.write(img, "png", out.toFile());
  }

  private static void latencyPanel(
      Graphics2D g, String heading, List<Latency> data, int x, int y, int w, int h) {
    title(g, heading, x, y - 25);
    double min = 1;
    double max = 1_000_000;
    double decades = Math.log10(max / min);
    g.setColor(new Color(0xE5E5E5));
    for (int d = 0; d <= decades; d++) {
      int gy = y + h - (int) (h * d / decades);
      g.drawLine(x, gy, x + w, gy);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%,d", (long) Math.pow(10, d)), x - 62, gy + 5);
      g.setColor(new Color(0xE5E5E5));
    }
    int slot = w / Math.max(1, data.size());
    int bar = Math.max(8, slot / 5);
    for (int i = 0; i < data.size(); i++) {
      Latency l = data.get(i);
      int sx = x + i * slot + slot / 2 - (3 * bar) / 2;
      double[] values = {l.p50(), l.p99(), l.p999()};
      Color[] colors = {P50, P99, P999};
      for (int k = 0; k < 3; k++) {
        int bh = (int) (h * Math.log10(Math.max(values[k], min) / min) / decades);
        g.setColor(colors[k]);
        g.fillRect(sx + k * bar, y + h - bh, bar - 2, bh);
      }
      if (l.target99() > 0) {
        int ty = y + h - (int) (h * Math.log10(l.target99() / min) / decades);
        g.setColor(TARGET);
        g.setStroke(new BasicStroke(3));
        g.drawLine(sx + bar - 4, ty, sx + 2 * bar + 2, ty);
        g.setStroke(new BasicStroke(1));
      }
      label(g, l.label(), x + i * slot + slot / 2, y + h + 18);
    }
    legend(g, x + w - 260, y + 10);
  }

  private static void ratePanel(
      Graphics2D g, String heading, List<Rate> data, int x, int y, int w, int h) {
    title(g, heading, x, y - 25);
    double max = 0;
    for (Rate r : data) {
      max = Math.max(max, Math.max(r.perSecond(), r.target()));
    }
    max *= 1.1;
    g.setColor(Color.DARK_GRAY);
    for (int t = 0; t <= 4; t++) {
      int gy = y + h - h * t / 4;
      g.setColor(new Color(0xE5E5E5));
      g.drawLine(x, gy, x + w, gy);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, "%,.0f", max * t / 4), x - 62, gy + 5);
    }
    int slot = w / Math.max(1, data.size());
    int bar = slot / 2;
    for (int i = 0; i < data.size(); i++) {
      Rate r = data.get(i);
      int bx = x + i * slot + slot / 4;
      int bh = (int) (h * r.perSecond() / max);
      g.setColor(P50);
      g.fillRect(bx, y + h - bh, bar, bh);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%,.0f", r.perSecond()), bx, y + h - bh - 6);
      if (r.target() > 0) {
        int ty = y + h - (int) (h * r.target() / max);
        g.setColor(TARGET);
        g.setStroke(new BasicStroke(3));
        g.drawLine(bx - 6, ty, bx + bar + 6, ty);
        g.setStroke(new BasicStroke(1));
      }
      label(g, r.label(), x + i * slot + slot / 2, y + h + 18);
    }
  }

  private static void title(Graphics2D g, String text, int x, int y) {
    Font f = g.getFont();
    g.setFont(f.deriveFont(Font.BOLD, 15f));
    g.setColor(Color.BLACK);
    g.drawString(text, x, y);
    g.setFont(f);
  }

  private static void label(Graphics2D g, String text, int cx, int y) {
    g.setColor(Color.BLACK);
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      int tw = g.getFontMetrics().stringWidth(lines[i]);
      g.drawString(lines[i], cx - tw / 2, y + i * 16);
    }
  }

  private static void legend(Graphics2D g, int x, int y) {
    String[] names = {"p50", "p99", "p99.9"};
    Color[] colors = {P50, P99, P999};
    for (int i = 0; i < 3; i++) {
      g.setColor(colors[i]);
      g.fillRect(x + i * 80, y, 14, 14);
      g.setColor(Color.BLACK);
      g.drawString(names[i], x + i * 80 + 20, y + 12);
    }
  }
}
