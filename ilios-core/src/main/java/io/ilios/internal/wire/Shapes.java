package io.ilios.internal.wire;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilios.Batch;
import io.ilios.BatchProgress;
import io.ilios.Conversion;
import io.ilios.ConversionMetadata;
import io.ilios.Document;
import io.ilios.UsageBreakdown;
import io.ilios.UsageTotals;
import java.util.Locale;

/**
 * The JSON shapes of the original service's HTTP API, written once for every module that speaks
 * them: the command's {@code --format json} output and the reference server's responses.
 */
public final class Shapes {
  public static final ObjectMapper JSON = new ObjectMapper();

  private Shapes() {}

  /** {@code POST /v1/convert?format=json}: id, content, metadata, usage. */
  public static ObjectNode conversion(Conversion c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", c.id());
    n.put("content", c.markdown());
    n.set("metadata", metadata(c.document()));
    ObjectNode usage = n.putObject("usage");
    ConversionMetadata m = c.metadata();
    usage.put("prompt_tokens", m.inputTokens());
    usage.put("completion_tokens", m.outputTokens());
    usage.put("total_tokens", m.inputTokens() + m.outputTokens());
    n.put("costMicros", m.cost().totalMicros());
    return n;
  }

  public static ObjectNode metadata(Document d) {
    ObjectNode n = JSON.createObjectNode();
    d.metadata()
        .ifPresent(
            m -> {
              n.put("model", m.model());
              n.put("extractedPages", m.pages());
              n.put("processingTimeMs", m.processingTime().toMillis());
              if (!m.pageTimes().isEmpty()) {
                var times = n.putArray("pageProcessingTimesMs");
                m.pageTimes().forEach(t -> times.add(t.toMillis()));
              }
            });
    n.put("fileName", d.fileName());
    n.put("fileSize", d.size());
    n.put("mimeType", d.mimeType());
    return n;
  }

  /** {@code GET /api/documents/status/{id}}: id, status, fileName, then metadata or error. */
  public static ObjectNode document(Document d) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", d.id());
    n.put("status", lower(d.status().name()));
    n.put("fileName", d.fileName());
    if (d.metadata().isPresent()) {
      n.set("metadata", metadata(d));
    }
    d.error().ifPresent(e -> n.put("error", e));
    d.batchId().ifPresent(b -> n.put("batchId", b));
    n.put("createdAt", d.createdAt().toString());
    return n;
  }

  /** {@code GET /v1/batch/status/{id}}: batchId, status, progress, createdAt. */
  public static ObjectNode batch(Batch b) {
    ObjectNode n = JSON.createObjectNode();
    n.put("batchId", b.id());
    n.put("status", lower(b.status().name()));
    BatchProgress p = b.progress();
    ObjectNode progress = n.putObject("progress");
    progress.put("total", p.total());
    progress.put("pending", p.pending());
    progress.put("processing", p.processing());
    progress.put("completed", p.completed());
    progress.put("failed", p.failed() + p.cancelled());
    n.put("createdAt", b.createdAt().toString());
    b.completedAt().ifPresent(t -> n.put("completedAt", t.toString()));
    return n;
  }

  /** {@code GET /api/usage/summary}, with exact micro-dollars beside the cents. */
  public static ObjectNode usage(UsageTotals t) {
    ObjectNode n = JSON.createObjectNode();
    n.put("totalDocuments", t.documents());
    n.put("totalOperations", t.operations());
    n.put("totalPages", t.pages());
    n.put("totalInputTokens", t.inputTokens());
    n.put("totalOutputTokens", t.outputTokens());
    n.put("totalCostMicros", t.totalCostMicros());
    n.put("totalCostCents", t.totalCostDollars().movePointRight(2));
    return n;
  }

  /** {@code GET /api/usage/breakdown}: the totals, then one row per day and per operation. */
  public static ObjectNode breakdown(UsageTotals total, UsageBreakdown b) {
    ObjectNode json = usage(total);
    ArrayNode days = json.putArray("byDay");
    b.byDay().forEach((day, t) -> days.add(usage(t).put("date", day.toString())));
    ArrayNode ops = json.putArray("byOperation");
    b.byOperation().forEach((op, t) -> ops.add(usage(t).put("operation", op.wireName())));
    return json;
  }

  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
