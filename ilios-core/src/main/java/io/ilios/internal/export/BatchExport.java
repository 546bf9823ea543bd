package io.ilios.internal.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ilios.Batch;
import io.ilios.BatchProgress;
import io.ilios.ConversionMetadata;
import io.ilios.Document;
import io.ilios.DocumentStatus;
import io.ilios.internal.json.Json;
import io.ilios.spi.DocumentStore;
import io.ilios.spi.StoredDocument;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a batch as JSONL or ZIP while reading it from the store a page of documents at a time, and
 * each document's Markdown a few pages at a time: memory does not grow with the batch.
 */
public final class BatchExport {
  /** How many Markdown pages are read from the store at a time. */
  static final int PAGES_AT_A_TIME = 32;

  private final DocumentStore store;
  private final String owner;
  private final Batch batch;
  private final int pageSize;

  public BatchExport(DocumentStore store, String owner, Batch batch, int pageSize) {
    this.store = store;
    this.owner = owner;
    this.batch = batch;
    this.pageSize = pageSize;
  }

  /** Receives the documents of a batch one at a time. */
  @FunctionalInterface
  public interface DocumentWriter {
    void write(StoredDocument d) throws IOException;
  }

  /**
   * Calls {@code writer} for each document of the batch in submission order, reading the store
   * {@code pageSize} documents at a time.
   */
  public static void forEach(
      DocumentStore store, String owner, String batchId, int pageSize, DocumentWriter writer)
      throws IOException {
    int after = -1;
    while (true) {
      List<StoredDocument> page = store.batchDocuments(owner, batchId, after, pageSize);
      for (StoredDocument d : page) {
        writer.write(d);
        after = d.batchIndex();
      }
      if (page.size() < pageSize) {
        return;
      }
    }
  }

  private void forEach(DocumentWriter writer) throws IOException {
    forEach(store, owner, batch.id(), pageSize, writer);
  }

  /**
   * One line per document: {@code {"id","fileName","status","content","metadata"}} when completed,
   * {@code {"id","fileName","status","error"}} when failed, {@code {"id","fileName","status"}}
   * otherwise.
   */
  public void jsonl(OutputStream out) {
    try {
      OutputStream shield = new Unclosable(out);
      forEach(
          d -> {
            try (JsonGenerator g = Json.mapper().getFactory().createGenerator(shield)) {
              g.writeStartObject();
              writeHeader(g, d.document());
              if (d.document().status() == DocumentStatus.COMPLETED) {
                g.writeFieldName("content");
                writeContent(g, d.document());
              }
              d.document().error().ifPresent(e -> writeField(g, "error", e));
              if (d.document().metadata().isPresent()) {
                writeMetadata(g, d.document());
              }
              g.writeEndObject();
            }
            shield.write('\n');
          });
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export of batch " + batch.id(), e);
    }
  }

  /**
   * A ZIP archive: {@code NNN-name.md} for each completed document, then {@code manifest.json} with
   * the batch, its progress and every document (its entry name, status, error, metadata).
   */
  public void zip(OutputStream out) {
    try {
      ZipOutputStream zip = new ZipOutputStream(new Unclosable(out), StandardCharsets.UTF_8);
      int total = batch.progress().total();
      forEach(
          d -> {
            if (d.document().status() != DocumentStatus.COMPLETED) {
              return;
            }
            zip.putNextEntry(new ZipEntry(entryName(d, total)));
            Writer w = new OutputStreamWriter(new Unclosable(zip), StandardCharsets.UTF_8);
            writePages(d.document(), w);
            w.flush();
            zip.closeEntry();
          });
      zip.putNextEntry(new ZipEntry("manifest.json"));
      try (JsonGenerator g =
          Json.mapper().getFactory().createGenerator(new Unclosable(zip), JsonEncoding.UTF8)) {
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("batchId", batch.id());
        g.writeStringField("status", lower(batch.status().name()));
        g.writeStringField("createdAt", batch.createdAt().toString());
        writeProgress(g, batch.progress());
        g.writeArrayFieldStart("documents");
        forEach(
            d -> {
              g.writeStartObject();
              writeHeader(g, d.document());
              if (d.document().status() == DocumentStatus.COMPLETED) {
                g.writeStringField("file", entryName(d, total));
              }
              d.document().error().ifPresent(e -> writeField(g, "error", e));
              if (d.document().metadata().isPresent()) {
                writeMetadata(g, d.document());
              }
              g.writeEndObject();
            });
        g.writeEndArray();
        g.writeEndObject();
      }
      zip.closeEntry();
      zip.finish();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the export of batch " + batch.id(), e);
    }
  }

  private static String entryName(StoredDocument d, int total) {
    return SafeNames.markdownEntry(d.batchIndex() + 1, total, d.document().fileName());
  }

  private static void writeHeader(JsonGenerator g, Document d) throws IOException {
    g.writeStringField("id", d.id());
    g.writeStringField("fileName", d.fileName());
    g.writeStringField("status", lower(d.status().name()));
  }

  private static void writeField(JsonGenerator g, String name, String value) {
    try {
      g.writeStringField(name, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Markdown as one JSON string, read from the store a few pages at a time. */
  private void writeContent(JsonGenerator g, Document d) throws IOException {
    g.writeString(new PagesReader(store, owner, d.id(), PAGES_AT_A_TIME), -1);
  }

  private void writePages(Document d, Writer w) throws IOException {
    try (PagesReader pages = new PagesReader(store, owner, d.id(), PAGES_AT_A_TIME)) {
      pages.transferTo(w);
    }
  }

  /** The original service's metadata object, plus tokens and cost. */
  private static void writeMetadata(JsonGenerator g, Document d) throws IOException {
    ConversionMetadata m = d.metadata().orElseThrow();
    g.writeObjectFieldStart("metadata");
    g.writeStringField("model", m.model());
    g.writeNumberField("extractedPages", m.pages());
    g.writeNumberField("processingTimeMs", m.processingTime().toMillis());
    g.writeStringField("fileName", d.fileName());
    g.writeNumberField("fileSize", d.size());
    g.writeStringField("mimeType", d.mimeType());
    g.writeNumberField("inputTokens", m.inputTokens());
    g.writeNumberField("outputTokens", m.outputTokens());
    g.writeNumberField("costMicros", m.cost().totalMicros());
    if (!m.pageTimes().isEmpty()) {
      g.writeArrayFieldStart("pageProcessingTimesMs");
      for (java.time.Duration t : m.pageTimes()) {
        g.writeNumber(t.toMillis());
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  private static void writeProgress(JsonGenerator g, BatchProgress p) throws IOException {
    g.writeObjectFieldStart("progress");
    g.writeNumberField("total", p.total());
    g.writeNumberField("pending", p.pending());
    g.writeNumberField("processing", p.processing());
    g.writeNumberField("completed", p.completed());
    g.writeNumberField("failed", p.failed());
    g.writeNumberField("cancelled", p.cancelled());
    g.writeEndObject();
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Keeps writers and generators from closing the caller's stream. */
  private static final class Unclosable extends FilterOutputStream {
    Unclosable(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
