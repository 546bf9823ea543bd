package io.ilios.internal.store;

import io.ilios.Batch;
import io.ilios.BatchProgress;
import io.ilios.ConversionMetadata;
import io.ilios.Cost;
import io.ilios.Document;
import io.ilios.DocumentStatus;
import io.ilios.JobStatus;
import io.ilios.Operation;
import io.ilios.StoreException;
import io.ilios.UsageBreakdown;
import io.ilios.UsageTotals;
import io.ilios.spi.ConversionRecord;
import io.ilios.spi.DocumentRef;
import io.ilios.spi.FollowUp;
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
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The statements on the documents, batches, pages and usage tables, in SQL that SQLite and Postgres
 * both run (times are epoch milliseconds in 64-bit integer columns). Prepared on one connection and
 * not thread-safe: SQLite's store keeps one under its lock; Postgres's makes one per transaction
 * (preparing is client-side there, and the driver caches the parsed statements).
 */
public final class DocumentBatchUsageSql implements AutoCloseable {
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

  private final Connection connection;
  private final Lazy insertBatch;
  private final Lazy insertDocument;
  private final Lazy insertOriginal;
  private final Lazy insertFollowUp;
  private final Lazy storedOriginal;
  private final Lazy deleteOriginal;
  private final Lazy documentOfJob;
  private final Lazy insertCompletedJob;
  private final Lazy setMetadata;
  private final Lazy insertPage;
  private final Lazy insertUsage;
  private final Lazy findDocument;
  private final Lazy pages;
  private final Lazy findBatch;
  private final Lazy batchDocuments;
  private final Lazy markBatchCompleted;
  private final Lazy expired;
  private final Lazy blobReferenced;
  private final Lazy deletePages;
  private final Lazy archive;
  private final Lazy usageSummary;
  private final Lazy usageByDay;
  private final Lazy usageByOperation;

  public DocumentBatchUsageSql(Connection c) {
    this.connection = c;
    insertBatch =
        new Lazy(
            "INSERT INTO batches (id, owner, priority, total, created_at) VALUES (?, ?, ?, ?, ?)");
    insertDocument =
        new Lazy(
            "INSERT INTO documents (id, owner, job_id, batch_id, batch_index, file_name,"
                + " mime_type, size, blob_key, retention_days, created_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insertOriginal = new Lazy("INSERT INTO originals (document_id, bytes) VALUES (?, ?)");
    insertFollowUp =
        new Lazy(
            "INSERT INTO follow_ups (job_id, batch_id, type, payload, max_attempts, timeout_ms)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
    storedOriginal = new Lazy("SELECT bytes FROM originals WHERE document_id = ?");
    deleteOriginal = new Lazy("DELETE FROM originals WHERE document_id = ?");
    documentOfJob = new Lazy("SELECT id FROM documents WHERE job_id = ?");
    insertCompletedJob =
        new Lazy(
            "INSERT INTO jobs (owner, type, status, priority, attempts, max_attempts, timeout_ms,"
                + " payload, result, idempotency_key, created_at, scheduled_at, started_at,"
                + " finished_at)"
                + " VALUES (?, ?, 'COMPLETED', ?, 1, ?, ?, ?, ?, NULL, ?, ?, ?, ?) RETURNING id");
    setMetadata =
        new Lazy(
            "UPDATE documents SET model = ?, pages = ?, processing_ms = ?, input_tokens = ?,"
                + " output_tokens = ?, base_micros = ?, margin_bp = ?, page_times_ms = ?"
                + " WHERE id = ?");
    insertPage =
        new Lazy("INSERT INTO document_pages (document_id, page, markdown) VALUES (?, ?, ?)");
    insertUsage =
        new Lazy(
            "INSERT INTO usage (owner, document_id, operation, backend, model, pages,"
                + " input_tokens, output_tokens, base_micros, margin_bp, total_micros, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    findDocument = new Lazy(DOCUMENTS + " WHERE d.id = ? AND d.owner = ?");
    pages =
        new Lazy(
            "SELECT p.markdown FROM document_pages p JOIN documents d ON d.id = p.document_id"
                + " WHERE p.document_id = ? AND d.owner = ? AND p.page >= ?"
                + " ORDER BY p.page LIMIT ?");
    findBatch =
        new Lazy(
            "SELECT id, owner, priority, total, created_at, pending, processing, completed,"
                + " failed, cancelled, last_finished_at FROM batches WHERE id = ? AND owner = ?");
    batchDocuments =
        new Lazy(
            DOCUMENTS
                + " WHERE d.batch_id = ? AND d.owner = ? AND d.batch_index > ?"
                + " ORDER BY d.batch_index LIMIT ?");
    // The counts say when nothing is left; the update says who noticed first.
    markBatchCompleted =
        new Lazy(
            "UPDATE batches SET completed_at = ? WHERE id = ? AND completed_at IS NULL"
                + " AND pending = 0 AND processing = 0");
    blobReferenced = new Lazy("SELECT 1 FROM documents WHERE blob_key = ? LIMIT 1");
    expired =
        new Lazy(
            DOCUMENTS
                + " WHERE d.archived_at IS NULL AND d.expires_at <= ?"
                + " ORDER BY d.expires_at LIMIT ?");
    deletePages = new Lazy("DELETE FROM document_pages WHERE document_id = ?");
    archive =
        new Lazy(
            "UPDATE documents SET archived_at = ?, blob_key = NULL"
                + " WHERE id = ? AND archived_at IS NULL");
    usageSummary = new Lazy("SELECT " + USAGE_TOTALS + USAGE_RANGE);
    usageByDay =
        new Lazy(
            "SELECT created_at / " + DAY_MS + ", " + USAGE_TOTALS + USAGE_RANGE + " GROUP BY 1");
    usageByOperation =
        new Lazy("SELECT operation, " + USAGE_TOTALS + USAGE_RANGE + " GROUP BY operation");
  }

  /** Closes the statements. */
  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (Lazy lazy :
        List.of(
            insertBatch,
            insertDocument,
            insertOriginal,
            insertFollowUp,
            storedOriginal,
            deleteOriginal,
            documentOfJob,
            insertCompletedJob,
            setMetadata,
            insertPage,
            insertUsage,
            findDocument,
            pages,
            findBatch,
            batchDocuments,
            markBatchCompleted,
            expired,
            deletePages,
            archive,
            usageSummary,
            usageByDay,
            usageByOperation)) {
      if (lazy.prepared == null) {
        continue;
      }
      try {
        lazy.prepared.close();
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
    insertBatch.get().setString(1, b.id());
    insertBatch.get().setString(2, b.owner());
    insertBatch.get().setInt(3, b.priority());
    insertBatch.get().setInt(4, b.total());
    insertBatch.get().setLong(5, b.createdAt().toEpochMilli());
    insertBatch.get().executeUpdate();
    if (b.followUp().isPresent()) {
      insertFollowUp(null, b.id(), b.followUp().get());
    }
  }

  public void insertDocument(NewDocument d, long jobId) throws SQLException {
    long created = d.job().scheduledAt().toEpochMilli();
    insertDocument.get().setString(1, d.id());
    insertDocument.get().setString(2, d.owner());
    insertDocument.get().setLong(3, jobId);
    if (d.batchId().isPresent()) {
      insertDocument.get().setString(4, d.batchId().get());
    } else {
      insertDocument.get().setNull(4, Types.VARCHAR);
    }
    insertDocument.get().setInt(5, d.batchIndex());
    insertDocument.get().setString(6, d.fileName());
    insertDocument.get().setString(7, d.mimeType());
    insertDocument.get().setLong(8, d.size());
    insertDocument.get().setString(9, d.blobKey());
    insertDocument.get().setInt(10, d.retentionDays());
    insertDocument.get().setLong(11, created);
    insertDocument.get().setLong(12, created + d.retentionDays() * DAY_MS);
    insertDocument.get().executeUpdate();
    if (d.original().isPresent()) {
      insertOriginal.get().setString(1, d.id());
      insertOriginal.get().setBytes(2, d.original().get());
      insertOriginal.get().executeUpdate();
    }
    if (d.job().followUp().isPresent()) {
      insertFollowUp(jobId, null, d.job().followUp().get());
    }
  }

  /** A follow-up for a job or a batch: queued by a trigger when it ends. */
  private void insertFollowUp(Long jobId, String batchId, FollowUp f) throws SQLException {
    PreparedStatement s = insertFollowUp.get();
    if (jobId != null) {
      s.setLong(1, jobId);
    } else {
      s.setNull(1, Types.BIGINT);
    }
    s.setString(2, batchId);
    s.setString(3, f.type());
    s.setString(4, f.payload());
    s.setInt(5, f.maxAttempts());
    s.setLong(6, f.timeout().toMillis());
    s.executeUpdate();
  }

  /** The original's bytes when the store keeps them. */
  public Optional<byte[]> storedOriginal(String documentId) throws SQLException {
    storedOriginal.get().setString(1, documentId);
    try (ResultSet rs = storedOriginal.get().executeQuery()) {
      return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
    }
  }

  /** The id of the document a job converts, if it converts one. */
  public Optional<String> documentOfJob(long jobId) throws SQLException {
    documentOfJob.get().setLong(1, jobId);
    try (ResultSet rs = documentOfJob.get().executeQuery()) {
      return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
    }
  }

  /**
   * The document of a job found by its idempotency key: what a repeated submit returns.
   *
   * @throws StoreException if that job converts no document
   */
  public DocumentRef existing(long jobId, String idempotencyKey) throws SQLException {
    String id =
        documentOfJob(jobId)
            .orElseThrow(
                () ->
                    new StoreException(
                        "job "
                            + jobId
                            + " holds idempotency key "
                            + idempotencyKey
                            + " but converts no document"));
    return new DocumentRef(id, jobId);
  }

  /** Inserts a job that completed outside the queue (a synchronous conversion). */
  public long insertCompletedJob(NewDocument d, String result, Instant finishedAt)
      throws SQLException {
    long submitted = d.job().scheduledAt().toEpochMilli();
    insertCompletedJob.get().setString(1, d.owner());
    insertCompletedJob.get().setString(2, d.job().type());
    insertCompletedJob.get().setInt(3, d.job().priority());
    insertCompletedJob.get().setInt(4, d.job().maxAttempts());
    insertCompletedJob.get().setLong(5, d.job().timeout().toMillis());
    insertCompletedJob.get().setString(6, d.job().payload());
    insertCompletedJob.get().setString(7, result);
    insertCompletedJob.get().setLong(8, submitted);
    insertCompletedJob.get().setLong(9, submitted);
    insertCompletedJob.get().setLong(10, submitted);
    insertCompletedJob.get().setLong(11, finishedAt.toEpochMilli());
    try (ResultSet rs = insertCompletedJob.get().executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Stores a conversion's metadata, pages and usage record; its job's completion is the caller's.
   */
  public void storeConversion(ConversionRecord r, Instant now) throws SQLException {
    storeConversions(List.of(r), now);
  }

  /**
   * Stores several conversions' metadata, pages and usage records, each statement as one JDBC batch
   * when there are several: a server database then takes them in a few round trips, however many
   * conversions a dispatcher round completed.
   */
  public void storeConversions(List<ConversionRecord> records, Instant now) throws SQLException {
    boolean batch = records.size() > 1;
    int pageRows = 0;
    for (ConversionRecord r : records) {
      bindMetadata(r);
      add(setMetadata.get(), batch);
      deletePages.get().setString(1, r.documentId());
      add(deletePages.get(), batch);
    }
    flush(setMetadata.get(), batch);
    flush(deletePages.get(), batch);
    for (ConversionRecord r : records) {
      for (int i = 0; i < r.pages().size(); i++) {
        insertPage.get().setString(1, r.documentId());
        insertPage.get().setInt(2, i + 1);
        insertPage.get().setString(3, r.pages().get(i));
        insertPage.get().addBatch();
        if (++pageRows % PAGE_BATCH == 0) {
          insertPage.get().executeBatch(); // bounds what a batch of long documents holds
        }
      }
    }
    if (pageRows % PAGE_BATCH != 0) {
      insertPage.get().executeBatch();
    }
    for (ConversionRecord r : records) {
      bindUsage(r, now);
      add(insertUsage.get(), batch);
    }
    flush(insertUsage.get(), batch);
  }

  /** Most page rows sent in one JDBC batch. */
  private static final int PAGE_BATCH = 256;

  /** Runs the bound statement now, or adds it to the batch. */
  private static void add(PreparedStatement s, boolean batch) throws SQLException {
    if (batch) {
      s.addBatch();
    } else {
      s.executeUpdate();
    }
  }

  private static void flush(PreparedStatement s, boolean batch) throws SQLException {
    if (batch) {
      s.executeBatch();
    }
  }

  private void bindMetadata(ConversionRecord r) throws SQLException {
    ConversionMetadata m = r.metadata();
    Cost cost = m.cost();
    setMetadata.get().setString(1, m.model());
    setMetadata.get().setInt(2, m.pages());
    setMetadata.get().setLong(3, m.processingTime().toMillis());
    setMetadata.get().setLong(4, m.inputTokens());
    setMetadata.get().setLong(5, m.outputTokens());
    setMetadata.get().setLong(6, cost.baseMicros());
    setMetadata.get().setInt(7, cost.marginBasisPoints());
    if (m.pageTimes().isEmpty()) {
      setMetadata.get().setNull(8, Types.VARCHAR);
    } else {
      StringBuilder times = new StringBuilder();
      for (Duration t : m.pageTimes()) {
        times.append(times.length() == 0 ? "" : ",").append(t.toMillis());
      }
      setMetadata.get().setString(8, times.toString());
    }
    setMetadata.get().setString(9, r.documentId());
  }

  private void bindUsage(ConversionRecord r, Instant now) throws SQLException {
    ConversionMetadata m = r.metadata();
    Cost cost = m.cost();
    insertUsage.get().setString(1, r.owner());
    insertUsage.get().setString(2, r.documentId());
    insertUsage.get().setString(3, r.operation().wireName());
    insertUsage.get().setString(4, r.backend());
    insertUsage.get().setString(5, m.model());
    insertUsage.get().setInt(6, m.pages());
    insertUsage.get().setLong(7, m.inputTokens());
    insertUsage.get().setLong(8, m.outputTokens());
    insertUsage.get().setLong(9, cost.baseMicros());
    insertUsage.get().setInt(10, cost.marginBasisPoints());
    insertUsage.get().setLong(11, cost.totalMicros());
    insertUsage.get().setLong(12, now.toEpochMilli());
  }

  public Optional<StoredDocument> findDocument(String owner, String id) throws SQLException {
    findDocument.get().setString(1, id);
    findDocument.get().setString(2, owner);
    List<StoredDocument> found = readDocuments(findDocument.get());
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  public List<String> pages(String owner, String id, int first, int limit) throws SQLException {
    pages.get().setString(1, id);
    pages.get().setString(2, owner);
    pages.get().setInt(3, first);
    pages.get().setInt(4, limit);
    List<String> out = new ArrayList<>();
    try (ResultSet rs = pages.get().executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  public Optional<Batch> findBatch(String owner, String id) throws SQLException {
    findBatch.get().setString(1, id);
    findBatch.get().setString(2, owner);
    try (ResultSet rs = findBatch.get().executeQuery()) {
      if (!rs.next()) {
        return Optional.empty();
      }
      BatchProgress progress =
          new BatchProgress(
              rs.getInt(4), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10));
      long lastFinished = rs.getLong(11);
      // A batch ended when its last document did, whoever noticed it first.
      Optional<Instant> completed =
          progress.status().isTerminal()
              ? Optional.of(Instant.ofEpochMilli(lastFinished))
              : Optional.empty();
      return Optional.of(
          new Batch(
              id, owner, rs.getInt(3), progress, Instant.ofEpochMilli(rs.getLong(5)), completed));
    }
  }

  public List<StoredDocument> batchDocuments(String owner, String batchId, int after, int limit)
      throws SQLException {
    batchDocuments.get().setString(1, batchId);
    batchDocuments.get().setString(2, owner);
    batchDocuments.get().setInt(3, after);
    batchDocuments.get().setInt(4, limit);
    return readDocuments(batchDocuments.get());
  }

  public boolean markBatchCompleted(String batchId, Instant now) throws SQLException {
    markBatchCompleted.get().setLong(1, now.toEpochMilli());
    markBatchCompleted.get().setString(2, batchId);
    return markBatchCompleted.get().executeUpdate() == 1;
  }

  public List<StoredDocument> expired(Instant now, int limit) throws SQLException {
    expired.get().setLong(1, now.toEpochMilli());
    expired.get().setInt(2, limit);
    return readDocuments(expired.get());
  }

  /** Which of {@code keys} a document refers to, one indexed look-up each. */
  public Set<String> referencedBlobs(Collection<String> keys) throws SQLException {
    Set<String> referenced = new HashSet<>();
    for (String key : keys) {
      blobReferenced.get().setString(1, key);
      try (ResultSet rs = blobReferenced.get().executeQuery()) {
        if (rs.next()) {
          referenced.add(key);
        }
      }
    }
    return referenced;
  }

  public int archive(String documentId, Instant now) throws SQLException {
    deletePages.get().setString(1, documentId);
    deletePages.get().executeUpdate();
    deleteOriginal.get().setString(1, documentId);
    deleteOriginal.get().executeUpdate();
    archive.get().setLong(1, now.toEpochMilli());
    archive.get().setString(2, documentId);
    return archive.get().executeUpdate();
  }

  public UsageTotals usageSummary(String owner, Instant from, Instant to) throws SQLException {
    bindRange(usageSummary.get(), owner, from, to);
    try (ResultSet rs = usageSummary.get().executeQuery()) {
      rs.next();
      return totals(rs, 1);
    }
  }

  public UsageBreakdown usageBreakdown(String owner, Instant from, Instant to) throws SQLException {
    Map<LocalDate, UsageTotals> byDay = new TreeMap<>();
    bindRange(usageByDay.get(), owner, from, to);
    try (ResultSet rs = usageByDay.get().executeQuery()) {
      while (rs.next()) {
        byDay.put(LocalDate.ofEpochDay(rs.getLong(1)), totals(rs, 2));
      }
    }
    Map<Operation, UsageTotals> byOperation = new EnumMap<>(Operation.class);
    bindRange(usageByOperation.get(), owner, from, to);
    try (ResultSet rs = usageByOperation.get().executeQuery()) {
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

  /** A statement prepared on first use: a call needs two or three of them, not all. */
  private final class Lazy {
    private final String sql;
    private PreparedStatement prepared;

    Lazy(String sql) {
      this.sql = sql;
    }

    PreparedStatement get() throws SQLException {
      if (prepared == null) {
        prepared = connection.prepareStatement(sql);
      }
      return prepared;
    }
  }
}
