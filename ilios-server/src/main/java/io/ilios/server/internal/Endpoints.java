package io.ilios.server.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ilios.Batch;
import io.ilios.BatchHandle;
import io.ilios.Conversion;
import io.ilios.Document;
import io.ilios.DocumentSource;
import io.ilios.ExportFormat;
import io.ilios.Ilios;
import io.ilios.JobHandle;
import io.ilios.SubmitOptions;
import io.ilios.internal.wire.Shapes;
import io.ilios.server.Webhooks;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The original service's endpoints over one {@link Ilios}: the same paths, fields and status codes.
 * Every handler acts for the owner {@link Access} resolved for the request, so one owner's ids are
 * unknown to every other owner.
 */
public final class Endpoints {
  /** Most files one batch submit takes. */
  static final int MAX_BATCH_FILES = 1_000;

  private final Ilios ilios;
  private final Quotas quotas;
  private final Webhooks webhooks; // null when the server has none
  private final long maxUploadSize;

  public Endpoints(Ilios ilios, Quotas quotas, Webhooks webhooks, long maxUploadSize) {
    this.ilios = ilios;
    this.quotas = quotas;
    this.webhooks = webhooks;
    this.maxUploadSize = maxUploadSize;
  }

  /**
   * The submit's options with its webhook, when it names a {@code callbackUrl}: a follow-up job
   * that delivers the status once the document or batch ends.
   */
  private SubmitOptions.Builder withCallback(Context ctx, SubmitOptions.Builder options) {
    String url = param(ctx, "callbackUrl");
    if (url == null || url.isBlank()) {
      url = Access.keyWebhook(ctx).orElse(null);
    }
    if (url == null || url.isBlank()) {
      return options;
    }
    if (webhooks == null) {
      throw new IllegalArgumentException("this server does not deliver webhooks (callbackUrl)");
    }
    webhooks.check(url.strip());
    return options.followUp(
        Webhooks.TYPE,
        new Webhooks.Delivery(
            java.util.UUID.randomUUID().toString(), url.strip(), Access.signingKey(ctx)));
  }

  /** Registers every endpoint. */
  public void register(RoutesConfig routes) {
    routes.post("/v1/convert", this::convert);
    routes.post("/v1/batch/submit", this::submitBatch);
    routes.get("/v1/batch/status/{id}", this::batchStatus);
    routes.get("/v1/batch/download/{id}", this::batchDownload);
    routes.post("/api/documents/submit", this::submitDocument);
    routes.get("/api/documents/status/{id}", this::documentStatus);
    routes.get("/api/documents/{id}", this::document);
    routes.get("/api/documents/{id}/original", this::original);
    routes.get("/api/usage/summary", this::usageSummary);
    routes.get("/api/usage/breakdown", this::usageBreakdown);
  }

  /** {@code POST /v1/convert}: a multipart {@code file}, or the raw body with its content type. */
  void convert(Context ctx) throws Exception {
    String owner = Access.owner(ctx);
    quotas.pages(owner, Access.limits(ctx));
    if (param(ctx, "callbackUrl") != null) {
      throw new IllegalArgumentException(
          "callbackUrl applies to queued submits; /v1/convert answers at once");
    }
    SubmitOptions options = options(ctx).build();
    Quotas.Permit slot = quotas.conversion(owner, Access.limits(ctx), options.timeout());
    Conversion c;
    try {
      c = ilios.converter().convert(upload(ctx, "file"), options);
    } finally {
      slot.close();
    }
    if ("json".equals(param(ctx, "format"))) {
      ObjectNode json = Shapes.conversion(c);
      json.put("downloadUrl", "/api/documents/" + c.id());
      Responses.json(ctx, 200, json);
      return;
    }
    ctx.header("X-Document-Id", c.id());
    ctx.header("X-Processing-Time-Ms", Long.toString(c.metadata().processingTime().toMillis()));
    ctx.header("X-Extracted-Pages", Integer.toString(c.metadata().pages()));
    ctx.contentType("text/markdown; charset=utf-8").result(c.markdown());
  }

  /**
   * {@code POST /v1/batch/submit}: multipart {@code files}, {@code priority}, {@code
   * retentionDays}.
   */
  void submitBatch(Context ctx) throws Exception {
    quotas.pages(Access.owner(ctx), Access.limits(ctx));
    List<UploadedFile> files = ctx.uploadedFiles("files");
    if (files.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one file in the 'files' field");
    }
    if (files.size() > MAX_BATCH_FILES) {
      throw new IllegalArgumentException(
          "a batch takes at most " + MAX_BATCH_FILES + " files, got " + files.size());
    }
    List<DocumentSource> sources = new ArrayList<>(files.size());
    for (UploadedFile f : files) {
      sources.add(source(f));
    }
    SubmitOptions options = withCallback(ctx, options(ctx)).build();
    BatchHandle batch = ilios.jobs().submitBatch(sources, options);
    ObjectNode json = Shapes.JSON.createObjectNode();
    json.put("batchId", batch.id());
    json.put("status", "queued");
    json.put("totalDocuments", files.size());
    ArrayNode documents = json.putArray("documents");
    ilios
        .documents()
        .forEachDocument(
            options.owner(),
            batch.id(),
            d ->
                documents
                    .addObject()
                    .put("id", d.id())
                    .put("fileName", d.fileName())
                    .put("fileSize", d.size())
                    .put("status", "pending"));
    json.put("statusUrl", "/v1/batch/status/" + batch.id());
    Responses.json(ctx, 202, json);
  }

  void batchStatus(Context ctx) throws Exception {
    String owner = Access.owner(ctx);
    Batch b = ilios.documents().batch(owner, ctx.pathParam("id"));
    ObjectNode json = Shapes.batch(b);
    json.put("downloadUrl", b.status().isTerminal() ? "/v1/batch/download/" + b.id() : null);
    addDelivery(json, owner, ilios.jobs().followUpOfBatch(owner, b.id()));
    Responses.json(ctx, 200, json);
  }

  /**
   * The webhook's delivery record, once the end queued one: state, attempts, last error, and each
   * ended attempt with when it started and how it ended.
   */
  private void addDelivery(
      ObjectNode json, String owner, java.util.Optional<io.ilios.Job> followUp) {
    followUp
        .filter(j -> j.type().equals(Webhooks.TYPE.name()))
        .ifPresent(
            j -> {
              ObjectNode w = json.putObject("webhook");
              w.put(
                  "status",
                  switch (j.status()) {
                    case COMPLETED -> "delivered";
                    case PROCESSING -> "sending";
                    case PENDING -> j.attempts() > 0 ? "retrying" : "pending";
                    case FAILED -> "failed";
                    case CANCELLED -> "cancelled";
                  });
              w.put("attempts", j.attempts());
              j.error().ifPresent(e -> w.put("lastError", e));
              j.finishedAt().ifPresent(t -> w.put("finishedAt", t.toString()));
              ArrayNode log = w.putArray("log");
              for (io.ilios.JobAttempt a : ilios.jobs().attemptsOf(owner, j.id())) {
                ObjectNode entry = log.addObject();
                entry.put("attempt", a.attempt());
                a.startedAt().ifPresent(t -> entry.put("startedAt", t.toString()));
                entry.put("outcome", a.outcome());
              }
            });
  }

  /** Streams the export; the batch is looked up first so an unknown id is a clean 404. */
  void batchDownload(Context ctx) throws Exception {
    String owner = Access.owner(ctx);
    Batch b = ilios.documents().batch(owner, ctx.pathParam("id"));
    String format = ctx.queryParam("format") == null ? "jsonl" : ctx.queryParam("format");
    ExportFormat export;
    switch (format) {
      case "jsonl" -> {
        export = ExportFormat.JSONL;
        ctx.contentType("application/x-ndjson");
      }
      case "zip" -> {
        export = ExportFormat.ZIP;
        ctx.contentType("application/zip");
        ctx.header("Content-Disposition", "attachment; filename=\"batch-" + b.id() + ".zip\"");
      }
      default ->
          throw new IllegalArgumentException("format must be jsonl or zip, was '" + format + "'");
    }
    ilios.documents().exportBatch(owner, b.id(), export, ctx.outputStream());
  }

  /** {@code POST /api/documents/submit}: {@code file}, {@code retentionDays}. */
  void submitDocument(Context ctx) throws Exception {
    quotas.pages(Access.owner(ctx), Access.limits(ctx));
    SubmitOptions options = withCallback(ctx, options(ctx)).build();
    JobHandle h = ilios.jobs().submit(upload(ctx, "file"), options);
    Document d = ilios.documents().get(options.owner(), h.documentId());
    ObjectNode json = Shapes.JSON.createObjectNode();
    json.put("id", d.id());
    json.put("status", "pending");
    json.put("fileName", d.fileName());
    json.put("fileSize", d.size());
    json.put("retentionDays", options.retentionDays());
    json.put("createdAt", d.createdAt().toString());
    Responses.json(ctx, 202, json);
  }

  void documentStatus(Context ctx) throws Exception {
    String owner = Access.owner(ctx);
    Document d = ilios.documents().get(owner, ctx.pathParam("id"));
    ObjectNode json = Shapes.document(d);
    addDelivery(json, owner, ilios.jobs().followUpOfDocument(owner, d.id()));
    Responses.json(ctx, 200, json);
  }

  /** Markdown when completed, 202 while queued or running, 500 with the error when failed. */
  void document(Context ctx) throws Exception {
    String owner = Access.owner(ctx);
    Document d = ilios.documents().get(owner, ctx.pathParam("id"));
    switch (d.status()) {
      case PENDING, PROCESSING -> {
        ObjectNode json = Shapes.JSON.createObjectNode();
        json.put("status", Shapes.lower(d.status().name()));
        Responses.json(ctx, 202, json);
      }
      case FAILED, CANCELLED -> {
        ObjectNode json = Shapes.JSON.createObjectNode();
        json.put("status", Shapes.lower(d.status().name()));
        json.put("error", d.error().orElse("cancelled"));
        Responses.json(ctx, 500, json);
      }
      case ARCHIVED -> Responses.error(ctx, 410, "document " + d.id() + " was archived");
      case COMPLETED -> {
        // Archived between the two reads: say so rather than answer with nothing.
        Conversion c =
            ilios
                .documents()
                .conversion(owner, d.id())
                .orElseThrow(() -> new Gone("document " + d.id() + " was archived"));
        if ("json".equals(ctx.queryParam("format"))) {
          ObjectNode json = Shapes.JSON.createObjectNode();
          json.put("id", d.id());
          json.put("content", c.markdown());
          json.set("metadata", Shapes.metadata(c.document()));
          Responses.json(ctx, 200, json);
        } else {
          ctx.contentType("text/markdown; charset=utf-8").result(c.markdown());
        }
      }
    }
  }

  /** The original, streamed with the type detected from its bytes. */
  void original(Context ctx) throws Exception {
    String owner = Access.owner(ctx);
    Document d = ilios.documents().get(owner, ctx.pathParam("id"));
    InputStream in = ilios.documents().openOriginal(owner, d.id());
    ctx.contentType(d.mimeType());
    ctx.header("Content-Disposition", "attachment; filename=\"" + safeName(d.fileName()) + "\"");
    ctx.result(in); // Javalin streams and closes it
  }

  void usageSummary(Context ctx) throws Exception {
    Instant[] range = range(ctx);
    Responses.json(
        ctx, 200, Shapes.usage(ilios.usage().summary(Access.owner(ctx), range[0], range[1])));
  }

  void usageBreakdown(Context ctx) throws Exception {
    String owner = Access.owner(ctx);
    Instant[] range = range(ctx);
    Responses.json(
        ctx,
        200,
        Shapes.breakdown(
            ilios.usage().summary(owner, range[0], range[1]),
            ilios.usage().breakdown(owner, range[0], range[1])));
  }

  /** {@code startDate} and {@code endDate} (inclusive, UTC days); the last 30 days by default. */
  static Instant[] range(Context ctx) {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate end = day(ctx, "endDate", today);
    LocalDate start = day(ctx, "startDate", end.minusDays(29));
    if (start.isAfter(end)) {
      throw new IllegalArgumentException("startDate " + start + " is after endDate " + end);
    }
    return new Instant[] {
      start.atStartOfDay(ZoneOffset.UTC).toInstant(),
      end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()
    };
  }

  private static LocalDate day(Context ctx, String name, LocalDate fallback) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(name + " must be a date like 2026-01-31, was " + value);
    }
  }

  /** The owner's submit options from the request's {@code priority} and {@code retentionDays}. */
  static SubmitOptions.Builder options(Context ctx) {
    SubmitOptions.Builder b = SubmitOptions.builder().owner(Access.owner(ctx));
    Integer priority = number(ctx, "priority");
    if (priority != null) {
      b.priority(priority);
    }
    Integer days = number(ctx, "retentionDays");
    if (days != null) {
      b.retentionDays(days);
    }
    return b;
  }

  private static Integer number(Context ctx, String name) {
    String value = param(ctx, name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
    }
  }

  /** A multipart form field, or else the query parameter of that name. */
  private static String param(Context ctx, String name) {
    String field = ctx.isMultipartFormData() ? ctx.formParam(name) : null;
    return field != null ? field : ctx.queryParam(name);
  }

  /**
   * The uploaded document: the multipart field {@code field}, or the request body itself when the
   * request is not multipart (its name from {@code X-File-Name} or {@code fileName}).
   */
  DocumentSource upload(Context ctx, String field) {
    if (ctx.isMultipartFormData()) {
      UploadedFile f = ctx.uploadedFile(field);
      if (f == null) {
        throw new IllegalArgumentException("the request has no '" + field + "' file field");
      }
      return source(f);
    }
    // A raw body is refused before it is read when it says it is too large; one that does not say
    // is held to Ilios's own size limit while it streams.
    String length = ctx.header("Content-Length");
    if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > maxUploadSize) {
      throw new io.ilios.DocumentTooLargeException("upload", Long.parseLong(length), maxUploadSize);
    }
    String name = ctx.header("X-File-Name");
    if (name == null || name.isBlank()) {
      name = ctx.queryParam("fileName");
    }
    return DocumentSource.of(
        ctx.bodyInputStream(), name == null || name.isBlank() ? "upload" : name);
  }

  private static DocumentSource source(UploadedFile f) {
    String name = f.filename() == null || f.filename().isBlank() ? "upload" : f.filename();
    return DocumentSource.of(f.content(), name);
  }

  /** A file name fit for a header: printable ASCII without quotes or separators. */
  static String safeName(String name) {
    StringBuilder b = new StringBuilder(name.length());
    for (char ch : name.toCharArray()) {
      b.append(ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\' && ch != '/' ? ch : '_');
    }
    return b.toString();
  }

  /** A document that was there a moment ago is archived now. */
  static final class Gone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Gone(String message) {
      super(message);
    }
  }
}
