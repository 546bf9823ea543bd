package io.ilios.internal.store;

import io.ilios.Batch;
import io.ilios.BatchProgress;
import io.ilios.ConversionMetadata;
import io.ilios.Cost;
import io.ilios.Document;
import io.ilios.DocumentStatus;
import io.ilios.JobStatus;
import io.ilios.Operation;
import io.ilios.UsageBreakdown;
import io.ilios.UsageTotals;
import io.ilios.spi.ConversionRecord;
import io.ilios.spi.NewBatch;
import io.ilios.spi.NewDocument;
import io.ilios.spi.StoredDocument;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The statements on the documents, batches, pages and usage tables, in SQL that SQLite and Postgres
 * both run (times are epoch milliseconds in 64-bit integer columns). Prepared on one connection and
 * not thread-safe: SQLite's store keeps one under its lock; Postgres's makes one per transaction
 * (preparing is client-side there, and the driver caches the parsed statements).
 */
public final class DocumentSql implements AutoCloseable {
  private static final long DAY_MS = 86_400_000L;

  private static final String DOCUMENT_COLUMNS =
      "d.id, d.owner, d.job_id, d.batch_id, d.file_name, d.mime_type, d.size, j.status, j.error,"
          + " d.retention_days, d.created_at, j.finished_at, d.expires_at, d.archived_at,"
          + " d.model, d.pages, d.processing_ms, d.input_tokens, d.output_tokens,"
          + " d.base_micros, d.margin_bp, d.blob_key, d.batch_index, d.page_times_ms";
  private static final String DOCUMENTS =
      "SELECT " + DOCUMENT_COLUMNS + " FROM documents d JOIN jobs j ON j.id = d.job_id";

  private static final String USAGE_TOTALS =
      "count(*), count(DISTINCT document_id), coalesce(sum(pages), 0),"
          + " coalesce(sum(input_tokens), 0), coalesce(sum(output_tokens), 0),"
          + " coalesce(sum(base_micros), 0), coalesce(sum(total_micros), 0)";
  private static final String USAGE_RANGE =
      " FROM usage WHERE owner = ? AND created_at >= ? AND created_at < ?";

  private final PreparedStatement insertBatch;
  private final PreparedStatement insertDocument;
  private final PreparedStatement documentOfJob;
  private final PreparedStatement insertCompletedJob;
  private final PreparedStatement setMetadata;
  private final PreparedStatement insertPage;
  private final PreparedStatement insertUsage;
  private final PreparedStatement findDocument;
  private final PreparedStatement pages;
  private final PreparedStatement findBatch;
  private final PreparedStatement batchCounts;
  private final PreparedStatement batchDocuments;
  private final PreparedStatement markBatchCompleted;
  private final PreparedStatement expired;
  private final PreparedStatement deletePages;
  private final PreparedStatement archive;
  private final PreparedStatement usageSummary;
  private final PreparedStatement usageByDay;
  private final PreparedStatement usageByOperation;

  public DocumentSql(Connection c) throws SQLException {
    insertBatch =
        c.prepareStatement(
            "INSERT INTO batches (id, owner, priority, total, created_at) VALUES (?, ?, ?, ?, ?)");
    insertDocument =
        c.prepareStatement(
            "INSERT INTO documents (id, owner, job_id, batch_id, batch_index, file_name,"
                + " mime_type, size, blob_key, retention_days, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    documentOfJob = c.prepareStatement("SELECT id FROM documents WHERE job_id = ?");
    insertCompletedJob =
        c.prepareStatement(
            "INSERT INTO jobs (owner, type, status, priority, attempts, max_attempts, timeout_ms,"
                + " payload, result, idempotency_key, created_at, scheduled_at, started_at,"
                + " finished_at)"
                + " VALUES (?, ?, 'COMPLETED', ?, 1, ?, ?, ?, ?, NULL, ?, ?, ?, ?) RETURNING id");
    setMetadata =
        c.prepareStatement(
            "UPDATE documents SET model = ?, pages = ?, processing_ms = ?, input_tokens = ?,"
                + " output_tokens = ?, base_micros = ?, margin_bp = ?, page_times_ms = ?"
                + " WHERE id = ?");
    insertPage =
        c.prepareStatement(
            "INSERT INTO document_pages (document_id, page, markdown) VALUES (?, ?, ?)");
    insertUsage =
        c.prepareStatement(
            "INSERT INTO usage (owner, document_id, operation, backend, model, pages,"
                + " input_tokens, output_tokens, base_micros, margin_bp, total_micros, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    findDocument = c.prepareStatement(DOCUMENTS + " WHERE d.id = ? AND d.owner = ?");
    pages =
        c.prepareStatement(
            "SELECT p.markdown FROM document_pages p JOIN documents d ON d.id = p.document_id"
                + " WHERE p.document_id = ? AND d.owner = ? AND p.page >= ?"
                + " ORDER BY p.page LIMIT ?");
    findBatch =
        c.prepareStatement(
            "SELECT id, owner, priority, total, created_at FROM batches"
                + " WHERE id = ? AND owner = ?");
    batchCounts =
        c.prepareStatement(
            "SELECT j.status, count(*), max(j.finished_at) FROM documents d"
                + " JOIN jobs j ON j.id = d.job_id WHERE d.batch_id = ? GROUP BY j.status");
    batchDocuments =
        c.prepareStatement(
            DOCUMENTS
                + " WHERE d.batch_id = ? AND d.owner = ? AND d.batch_index > ?"
                + " ORDER BY d.batch_index LIMIT ?");
    markBatchCompleted =
        c.prepareStatement(
            "UPDATE batches SET completed_at = ? WHERE id = ? AND completed_at IS NULL"
                + " AND NOT EXISTS (SELECT 1 FROM documents d JOIN jobs j ON j.id = d.job_id"
                + " WHERE d.batch_id = batches.id AND j.status IN ('PENDING', 'PROCESSING'))");
    expired =
        c.prepareStatement(
            DOCUMENTS
                + " WHERE d.archived_at IS NULL AND d.expires_at <= ?"
                + " ORDER BY d.expires_at LIMIT ?");
    deletePages = c.prepareStatement("DELETE FROM document_pages WHERE document_id = ?");
    archive =
        c.prepareStatement(
            "UPDATE documents SET archived_at = ?, blob_key = NULL"
                + " WHERE id = ? AND archived_at IS NULL");
    usageSummary = c.prepareStatement("SELECT " + USAGE_TOTALS + USAGE_RANGE);
    usageByDay =
        c.prepareStatement(
            "SELECT created_at / " + DAY_MS + ", " + USAGE_TOTALS + USAGE_RANGE + " GROUP BY 1");
    usageByOperation =
        c.prepareStatement(
            "SELECT operation, " + USAGE_TOTALS + USAGE_RANGE + " GROUP BY operation");
  }

  /** Closes the statements. */
  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (PreparedStatement s :
        List.of(
            insertBatch,
            insertDocument,
            documentOfJob,
            insertCompletedJob,
            setMetadata,
            insertPage,
            insertUsage,
            findDocument,
            pages,
            findBatch,
            batchCounts,
            batchDocuments,
            markBatchCompleted,
            expired,
            deletePages,
            archive,
            usageSummary,
            usageByDay,
            usageByOperation)) {
      try {
        s.close();
      } catch (SQLException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  public void insertBatch(NewBatch b) throws SQLException {
    insertBatch.setString(1, b.id());
    insertBatch.setString(2, b.owner());
    insertBatch.setInt(3, b.priority());
    insertBatch.setInt(4, b.total());
    insertBatch.setLong(5, b.createdAt().toEpochMilli());
    insertBatch.executeUpdate();
  }

  public void insertDocument(NewDocument d, long jobId) throws SQLException {
    long created = d.job().scheduledAt().toEpochMilli();
    insertDocument.setString(1, d.id());
    insertDocument.setString(2, d.owner());
    insertDocument.setLong(3, jobId);
    if (d.batchId().isPresent()) {
      insertDocument.setString(4, d.batchId().get());
    } else {
      insertDocument.setNull(4, Types.VARCHAR);
    }
    insertDocument.setInt(5, d.batchIndex());
    insertDocument.setString(6, d.fileName());
    insertDocument.setString(7, d.mimeType());
    insertDocument.setLong(8, d.size());
    insertDocument.setString(9, d.blobKey());
    insertDocument.setInt(10, d.retentionDays());
    insertDocument.setLong(11, created);
    insertDocument.setLong(12, created + d.retentionDays() * DAY_MS);
    insertDocument.executeUpdate();
  }

  /** The id of the document a job converts, if it converts one. */
  public Optional<String> documentOfJob(long jobId) throws SQLException {
    documentOfJob.setLong(1, jobId);
    try (ResultSet rs = documentOfJob.executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  /** Inserts a job that completed outside the queue (a synchronous conversion). */
  public long insertCompletedJob(NewDocument d, String result, Instant finishedAt)
      throws SQLException {
    long submitted = d.job().scheduledAt().toEpochMilli();
    insertCompletedJob.setString(1, d.owner());
    insertCompletedJob.setString(2, d.job().type());
    insertCompletedJob.setInt(3, d.job().priority());
    insertCompletedJob.setInt(4, d.job().maxAttempts());
    insertCompletedJob.setLong(5, d.job().timeout().toMillis());
    insertCompletedJob.setString(6, d.job().payload());
    insertCompletedJob.setString(7, result);
    insertCompletedJob.setLong(8, submitted);
    insertCompletedJob.setLong(9, submitted);
    insertCompletedJob.setLong(10, submitted);
    insertCompletedJob.setLong(11, finishedAt.toEpochMilli());
    try (ResultSet rs = insertCompletedJob.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Stores a conversion's metadata, pages and usage record; its job's completion is the caller's.
   */
  public void storeConversion(ConversionRecord r, Instant now) throws SQLException {
    ConversionMetadata m = r.metadata();
    Cost cost = m.cost();
    setMetadata.setString(1, m.model());
    setMetadata.setInt(2, m.pages());
    setMetadata.setLong(3, m.processingTime().toMillis());
    setMetadata.setLong(4, m.inputTokens());
    setMetadata.setLong(5, m.outputTokens());
    setMetadata.setLong(6, cost.baseMicros());
    setMetadata.setInt(7, cost.marginBasisPoints());
    if (m.pageTimes().isEmpty()) {
      setMetadata.setNull(8, Types.VARCHAR);
    } else {
      StringBuilder times = new StringBuilder();
      for (Duration t : m.pageTimes()) {
        times.append(times.length() == 0 ? "" : ",").append(t.toMillis());
      }
      setMetadata.setString(8, times.toString());
    }
    setMetadata.setString(9, r.documentId());
    setMetadata.executeUpdate();
    deletePages.setString(1, r.documentId());
    deletePages.executeUpdate();
    for (int i = 0; i < r.pages().size(); i++) {
      insertPage.setString(1, r.documentId());
      insertPage.setInt(2, i + 1);
      insertPage.setString(3, r.pages().get(i));
      insertPage.executeUpdate();
    }
    insertUsage.setString(1, r.owner());
    insertUsage.setString(2, r.documentId());
    insertUsage.setString(3, r.operation().wireName());
    insertUsage.setString(4, r.backend());
    insertUsage.setString(5, m.model());
    insertUsage.setInt(6, m.pages());
    insertUsage.setLong(7, m.inputTokens());
    insertUsage.setLong(8, m.outputTokens());
    insertUsage.setLong(9, cost.baseMicros());
    insertUsage.setInt(10, cost.marginBasisPoints());
    insertUsage.setLong(11, cost.totalMicros());
    insertUsage.setLong(12, now.toEpochMilli());
    insertUsage.executeUpdate();
  }

  public Optional<StoredDocument> findDocument(String owner, String id) throws SQLException {
    findDocument.setString(1, id);
    findDocument.setString(2, owner);
    List<StoredDocument> found = readDocuments(findDocument);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  public List<String> pages(String owner, String id, int first, int limit) throws SQLException {
    pages.setString(1, id);
    pages.setString(2, owner);
    pages.setInt(3, first);
    pages.setInt(4, limit);
    List<String> out = new ArrayList<>();
    try (ResultSet rs = pages.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  public Optional<Batch> findBatch(String owner, String id) throws SQLException {
    findBatch.setString(1, id);
    findBatch.setString(2, owner);
    int priority;
    int total;
    Instant created;
    try (ResultSet rs = findBatch.executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      priority = rs.getInt(3);
      total = rs.getInt(4);
      created = Instant.ofEpochMilli(rs.getLong(5));
    }
    int[] n = new int[JobStatus.values().length];
    long lastFinished = 0;
    batchCounts.setString(1, id);
    try (ResultSet rs = batchCounts.executeQuery()) {
      while (rs.next()) {
        n[JobStatus.valueOf(rs.getString(1)).ordinal()] = rs.getInt(2);
        lastFinished = Math.max(lastFinished, rs.getLong(3));
      }
    }
    BatchProgress progress =
        new BatchProgress(
            total,
            n[JobStatus.PENDING.ordinal()],
            n[JobStatus.PROCESSING.ordinal()],
            n[JobStatus.COMPLETED.ordinal()],
            n[JobStatus.FAILED.ordinal()],
            n[JobStatus.CANCELLED.ordinal()]);
    // A batch ended when its last document did, whoever noticed it first.
    Optional<Instant> completed =
        progress.status().isTerminal()
            ? Optional.of(Instant.ofEpochMilli(lastFinished))
            : Optional.empty();
    return Optional.of(new Batch(id, owner, priority, progress, created, completed));
  }

  public List<StoredDocument> batchDocuments(String owner, String batchId, int after, int limit)
      throws SQLException {
    batchDocuments.setString(1, batchId);
    batchDocuments.setString(2, owner);
    batchDocuments.setInt(3, after);
    batchDocuments.setInt(4, limit);
    return readDocuments(batchDocuments);
  }

  public boolean markBatchCompleted(String batchId, Instant now) throws SQLException {
    markBatchCompleted.setLong(1, now.toEpochMilli());
    markBatchCompleted.setString(2, batchId);
    return markBatchCompleted.executeUpdate() == 1;
  }

  public List<StoredDocument> expired(Instant now, int limit) throws SQLException {
    expired.setLong(1, now.toEpochMilli());
    expired.setInt(2, limit);
    return readDocuments(expired);
  }

  public int archive(String documentId, Instant now) throws SQLException {
    deletePages.setString(1, documentId);
    deletePages.executeUpdate();
    archive.setLong(1, now.toEpochMilli());
    archive.setString(2, documentId);
    return archive.executeUpdate();
  }

  public UsageTotals usageSummary(String owner, Instant from, Instant to) throws SQLException {
    bindRange(usageSummary, owner, from, to);
    try (ResultSet rs = usageSummary.executeQuery()) {
      rs.next();
      return totals(rs, 1);
    }
  }

  public UsageBreakdown usageBreakdown(String owner, Instant from, Instant to) throws SQLException {
    Map<LocalDate, UsageTotals> byDay = new TreeMap<>();
    bindRange(usageByDay, owner, from, to);
    try (ResultSet rs = usageByDay.executeQuery()) {
      while (rs.next()) {
        byDay.put(LocalDate.ofEpochDay(rs.getLong(1)), totals(rs, 2));
      }
    }
    Map<Operation, UsageTotals> byOperation = new EnumMap<>(Operation.class);
    bindRange(usageByOperation, owner, from, to);
    try (ResultSet rs = usageByOperation.executeQuery()) {
      while (rs.next()) {
        byOperation.put(Operation.fromWireName(rs.getString(1)), totals(rs, 2));
      }
    }
    return new UsageBreakdown(new TreeMap<>(byDay), byOperation);
  }

  private static void bindRange(PreparedStatement s, String owner, Instant from, Instant to)
      throws SQLException {
    s.setString(1, owner);
    s.setLong(2, from.toEpochMilli());
    s.setLong(3, to.toEpochMilli());
  }

  private static UsageTotals totals(ResultSet rs, int first) throws SQLException {
    return new UsageTotals(
        rs.getLong(first),
        rs.getLong(first + 1),
        rs.getLong(first + 2),
        rs.getLong(first + 3),
        rs.getLong(first + 4),
        rs.getLong(first + 5),
        rs.getLong(first + 6));
  }

  private static List<StoredDocument> readDocuments(PreparedStatement s) throws SQLException {
    List<StoredDocument> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(readDocument(rs));
      }
    }
    return out;
  }

  private static StoredDocument readDocument(ResultSet rs) throws SQLException {
    Optional<Instant> archivedAt = optionalInstant(rs, 14);
    JobStatus job = JobStatus.valueOf(rs.getString(8));
    DocumentStatus status =
        archivedAt.isPresent() ? DocumentStatus.ARCHIVED : DocumentStatus.of(job);
    Optional<String> error =
        job == JobStatus.FAILED ? Optional.ofNullable(rs.getString(9)) : Optional.empty();
    Optional<ConversionMetadata> metadata = Optional.empty();
    String model = rs.getString(15);
    if (model != null) {
      metadata =
          Optional.of(
              new ConversionMetadata(
                  model,
                  rs.getInt(16),
                  Duration.ofMillis(rs.getLong(17)),
                  rs.getLong(18),
                  rs.getLong(19),
                  Cost.of(rs.getLong(20), rs.getInt(21)),
                  pageTimes(rs.getString(24))));
    }
    Document d =
        new Document(
            rs.getString(1),
            rs.getString(2),
            rs.getLong(3),
            Optional.ofNullable(rs.getString(4)),
            rs.getString(5),
            rs.getString(6),
            rs.getLong(7),
            status,
            error,
            rs.getInt(10),
            Instant.ofEpochMilli(rs.getLong(11)),
            job.isTerminal() ? optionalInstant(rs, 12) : Optional.empty(),
            Instant.ofEpochMilli(rs.getLong(13)),
            archivedAt,
            metadata);
    return new StoredDocument(d, Optional.ofNullable(rs.getString(22)), rs.getInt(23));
  }

  private static List<Duration> pageTimes(String csv) {
    if (csv == null || csv.isEmpty()) {
      return List.of();
    }
    List<Duration> times = new ArrayList<>();
    for (String ms : csv.split(",")) {
      times.add(Duration.ofMillis(Long.parseLong(ms)));
    }
    return times;
  }

  private static Optional<Instant> optionalInstant(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
  }
}
