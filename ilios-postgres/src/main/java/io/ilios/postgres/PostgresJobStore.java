package io.ilios.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ilios.ApiKey;
import io.ilios.Batch;
import io.ilios.Document;
import io.ilios.Job;
import io.ilios.JobCounts;
import io.ilios.QueueDepth;
import io.ilios.StoreException;
import io.ilios.UsageBreakdown;
import io.ilios.UsageTotals;
import io.ilios.internal.Checks;
import io.ilios.internal.store.DocumentBatchUsageSql;
import io.ilios.internal.store.JobRows;
import io.ilios.internal.store.JobSql;
import io.ilios.internal.store.KeySql;
import io.ilios.internal.store.QuotaSql;
import io.ilios.postgres.internal.DatabaseClock;
import io.ilios.postgres.internal.JobsListener;
import io.ilios.postgres.internal.PgMigrations;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.ConversionRecord;
import io.ilios.spi.DocumentRef;
import io.ilios.spi.JobOutcome;
import io.ilios.spi.JobStore;
import io.ilios.spi.Lease;
import io.ilios.spi.NewBatch;
import io.ilios.spi.NewDocument;
import io.ilios.spi.NewJob;
import io.ilios.spi.StoredDocument;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A {@link JobStore} on PostgreSQL, for several application nodes sharing one queue. Each node
 * reaches the database through a connection pool (HikariCP, or the caller's {@link DataSource}). A
 * claim is one {@code UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING} statement,
 * so nodes never wait for each other's rows and never take the same job; leases carry fencing
 * tokens as on SQLite; any node rescues expired leases. Inserted jobs send {@code NOTIFY} (a
 * trigger on the table), and every node {@code LISTEN}s on a connection of its own, so an idle
 * worker on another node starts at once; polling still covers lost notifications.
 *
 * <pre>{@code
 * try (PostgresJobStore store = PostgresJobStore.builder()
 *         .jdbcUrl("jdbc:postgresql://db.internal:5432/ilios")
 *         .user("ilios").password(System.getenv("PGPASSWORD"))
 *         .build();
 *      Ilios ilios = Ilios.builder().store(store).blobs(s3).build()) { ... }
 * }</pre>
 *
 * <p>Thread-safe. The schema is created and migrated on {@link Builder#build()}.
 */
public final class PostgresJobStore implements JobStore {
  /** The channel submits notify and nodes listen on. */
  public static final String CHANNEL = "ilios_jobs";

  /**
   * The claim commits without waiting for the disk ({@code synchronous_commit} off for its own
   * transaction, set inside the statement so it stays one round trip). A claim a crash of Postgres
   * loses leaves its job pending, to be claimed again, which at-least-once delivery allows; the
   * commit of the job's outcome waits for the disk and so makes its claim durable too.
   */
  private static final String CLAIM =
      "WITH relaxed AS (SELECT set_config('synchronous_commit', 'off', true) AS v)"
          + " UPDATE jobs SET status = 'PROCESSING', attempts = attempts + 1,"
          + " lease_token = lease_token + 1, lease_until = ?, worker_id = ?, started_at = ?"
          + " WHERE (SELECT v FROM relaxed) = 'off'"
          + " AND id IN (SELECT id FROM jobs WHERE status = 'PENDING' AND scheduled_at <= ?"
          + " ORDER BY priority DESC, scheduled_at, id LIMIT ? FOR UPDATE SKIP LOCKED)"
          + JobRows.CLAIM_RETURNING;

  private static final String INSERT =
      "INSERT INTO jobs (owner, type, status, priority, max_attempts, timeout_ms, payload,"
          + " idempotency_key, created_at, scheduled_at)"
          + " VALUES (?, ?, 'PENDING', ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (owner, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING"
          + " RETURNING id";

  private static final String RESERVE_IDS =
      "SELECT nextval(pg_get_serial_sequence('jobs', 'id')) FROM generate_series(1, ?)";

  private static final String INSERT_ALL =
      "INSERT INTO jobs (id, owner, type, status, priority, max_attempts, timeout_ms, payload,"
          + " created_at, scheduled_at)"
          + " SELECT u.id, u.owner, u.type, 'PENDING', u.priority, u.max_attempts, u.timeout_ms,"
          + " u.payload, u.at, u.at"
          + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::integer[], ?::integer[],"
          + " ?::bigint[], ?::text[], ?::bigint[])"
          + " AS u (id, owner, type, priority, max_attempts, timeout_ms, payload, at)";

  private static final String HEARTBEAT =
      "UPDATE jobs SET lease_until = ? FROM unnest(?::bigint[], ?::bigint[]) AS l (id, token)"
          + " WHERE jobs.id = l.id AND jobs.lease_token = l.token AND jobs.status = 'PROCESSING'"
          + " RETURNING jobs.id";

  private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', '')";

  private final DataSource dataSource;
  private final HikariDataSource ownPool;
  private final String where;
  private final JobsListener listener;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final DatabaseClock clock;

  private PostgresJobStore(Builder b) {
    this.ownPool = b.dataSource == null ? b.makePool() : null;
    this.dataSource = b.dataSource != null ? b.dataSource : ownPool;
    this.where = b.jdbcUrl != null ? redact(b.jdbcUrl) : "the Postgres data source";
    try {
      this.clock = new DatabaseClock(dataSource, b.clock);
      try (Connection c = dataSource.getConnection()) {
        PgMigrations.migrate(c, where);
        clock.measure(c);
      } catch (SQLException e) {
        throw new StoreException("cannot connect to " + where + ": " + reason(e), e);
      }
      this.listener = b.listen ? new JobsListener(dataSource, CHANNEL, where) : null;
    } catch (RuntimeException e) {
      if (ownPool != null) {
        ownPool.close();
      }
      throw e;
    }
  }

  /**
   * Settings for a new store; a {@link Builder#jdbcUrl} or {@link Builder#dataSource} is required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Drops the password and other query parameters from a JDBC URL for messages. */
  private static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  /** For tests: waits until this store listens for other nodes' submits. */
  boolean awaitListening(Duration timeout) throws InterruptedException {
    return listener != null && listener.awaitListening(timeout);
  }

  @Override
  public void addJobsListener(Runnable l) {
    if (listener != null) {
      listener.add(l);
    }
  }

  @Override
  public void removeJobsListener(Runnable l) {
    if (listener != null) {
      listener.remove(l);
    }
  }

  /**
   * One job: a single statement in autocommit (one round trip). Several without idempotency keys:
   * ids reserved in one statement and all rows inserted in another. Listening nodes are told by the
   * table's insert trigger at commit.
   */
  @Override
  public List<Long> enqueue(List<NewJob> jobs) {
    if (jobs.isEmpty()) {
      return List.of();
    }
    boolean one = jobs.size() == 1;
    boolean keyed = jobs.stream().anyMatch(j -> j.idempotencyKey().isPresent());
    SqlWork<List<Long>> work = c -> one || keyed ? insertEach(c, jobs) : insertAll(c, jobs);
    return one ? call("enqueue", work) : transaction("enqueue", work);
  }

  /** Inserts jobs one statement each, so that keys already used return their jobs' ids. */
  private List<Long> insertEach(Connection c, List<NewJob> jobs) throws SQLException {
    List<Long> ids = new ArrayList<>(jobs.size());
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (NewJob job : jobs) {
        ids.add(insertOne(c, insert, job));
      }
    }
    return ids;
  }

  /** Inserts jobs without keys in two round trips, whatever their number; ids in input order. */
  private List<Long> insertAll(Connection c, List<NewJob> jobs) throws SQLException {
    int n = jobs.size();
    Long[] ids = new Long[n];
    try (PreparedStatement s = c.prepareStatement(RESERVE_IDS)) {
      s.setInt(1, n);
      try (ResultSet rs = s.executeQuery()) {
        for (int i = 0; rs.next(); i++) {
          ids[i] = rs.getLong(1);
        }
      }
    }
    String[] owners = new String[n];
    String[] types = new String[n];
    Integer[] priorities = new Integer[n];
    Integer[] maxAttempts = new Integer[n];
    Long[] timeouts = new Long[n];
    String[] payloads = new String[n];
    Long[] times = new Long[n];
    for (int i = 0; i < n; i++) {
      NewJob j = jobs.get(i);
      owners[i] = j.owner();
      types[i] = j.type();
      priorities[i] = j.priority();
      maxAttempts[i] = j.maxAttempts();
      timeouts[i] = j.timeout().toMillis();
      payloads[i] = j.payload();
      times[i] = clock.toDatabase(j.scheduledAt());
    }
    try (PreparedStatement s = c.prepareStatement(INSERT_ALL)) {
      s.setArray(1, c.createArrayOf("bigint", ids));
      s.setArray(2, c.createArrayOf("text", owners));
      s.setArray(3, c.createArrayOf("text", types));
      s.setArray(4, c.createArrayOf("integer", priorities));
      s.setArray(5, c.createArrayOf("integer", maxAttempts));
      s.setArray(6, c.createArrayOf("bigint", timeouts));
      s.setArray(7, c.createArrayOf("text", payloads));
      s.setArray(8, c.createArrayOf("bigint", times));
      s.executeUpdate();
    }
    return List.of(ids);
  }

  /** Inserts a job, or returns the id of the owner's job that already holds its key. */
  private long insertOne(Connection c, PreparedStatement insert, NewJob job) throws SQLException {
    JobSql.bindInsert(insert, job, clock::toDatabase);
    try (ResultSet rs = insert.executeQuery()) {
      if (rs.next()) {
        return rs.getLong(1);
      }
    }
    // The key is taken (perhaps by a transaction on another node that just committed).
    return selectByKey(c, job.owner(), job.idempotencyKey().orElseThrow())
        .orElseThrow(() -> new SQLException("idempotency key conflict without a row"));
  }

  private static void notifyNodes(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(NOTIFY); // delivered when the transaction commits
    }
  }

  @Override
  public Optional<Long> findByIdempotencyKey(String owner, String key) {
    return call("find by idempotency key", c -> selectByKey(c, owner, key));
  }

  private Optional<Long> selectByKey(Connection c, String owner, String key) throws SQLException {
    return withJobSql(c, sql -> sql.byKey(owner, key));
  }

  @Override
  public List<ClaimedJob> claim(String workerId, int max, Instant now, Duration lease) {
    Checks.inRange("max", max, 1, 10_000);
    return call(
        "claim",
        c -> {
          long at = clock.toDatabase(now);
          try (PreparedStatement s = c.prepareStatement(CLAIM)) {
            s.setLong(1, at + lease.toMillis());
            s.setString(2, workerId);
            s.setLong(3, at);
            s.setLong(4, at);
            s.setInt(5, max);
            try (ResultSet rs = s.executeQuery()) {
              return JobRows.claimed(rs);
            }
          }
        });
  }

  @Override
  public List<Lease> heartbeat(List<Lease> leases, Instant leaseUntil) {
    if (leases.isEmpty()) {
      return List.of();
    }
    return call(
        "heartbeat",
        c -> {
          Long[] ids = new Long[leases.size()];
          Long[] tokens = new Long[leases.size()];
          for (int i = 0; i < ids.length; i++) {
            ids[i] = leases.get(i).jobId();
            tokens[i] = leases.get(i).token();
          }
          Set<Long> kept = new HashSet<>();
          try (PreparedStatement s = c.prepareStatement(HEARTBEAT)) {
            Array idArray = c.createArrayOf("bigint", ids);
            Array tokenArray = c.createArrayOf("bigint", tokens);
            s.setLong(1, clock.toDatabase(leaseUntil));
            s.setArray(2, idArray);
            s.setArray(3, tokenArray);
            try (ResultSet rs = s.executeQuery()) {
              while (rs.next()) {
                kept.add(rs.getLong(1));
              }
            }
          }
          List<Lease> lost = new ArrayList<>();
          for (Lease l : leases) {
            if (!kept.contains(l.jobId())) {
              lost.add(l);
            }
          }
          return lost;
        });
  }

  /**
   * Applies outcomes in one transaction, each kind as one JDBC batch (one round trip for many
   * completions). Conversions are stored only for completions whose lease was still current.
   */
  @Override
  public List<Boolean> finish(List<JobOutcome> outcomes, Instant now) {
    if (outcomes.isEmpty()) {
      return List.of();
    }
    boolean releases = outcomes.stream().anyMatch(o -> o instanceof JobOutcome.Released);
    SqlWork<List<Boolean>> work =
        c -> {
          List<Boolean> applied;
          try (JobSql sql = jobSql(c);
              DocumentBatchUsageSql documents = new DocumentBatchUsageSql(c)) {
            applied = sql.finish(outcomes, now, documents);
          }
          if (releases) {
            notifyNodes(c); // released jobs can run elsewhere now
          }
          return applied;
        };
    return JobSql.needsTransaction(outcomes) ? transaction("finish", work) : call("finish", work);
  }

  @Override
  public Job cancel(String owner, long jobId, Instant now) {
    return transaction("cancel", c -> withJobSql(c, sql -> sql.cancel(owner, jobId, now)));
  }

  @Override
  public int rescueExpired(Instant now) {
    return transaction("rescue", c -> notifyIfAny(c, withJobSql(c, sql -> sql.rescueExpired(now))));
  }

  @Override
  public List<String> leaseHolders() {
    return call("find lease holders", c -> withJobSql(c, JobSql::leaseHolders));
  }

  @Override
  public int rescueHeldBy(String workerId, Instant now) {
    return transaction(
        "rescue a stopped worker's jobs",
        c -> notifyIfAny(c, withJobSql(c, sql -> sql.rescueHeldBy(workerId, now))));
  }

  /** Tells listening nodes when jobs went back to the queue (at commit). */
  private static int notifyIfAny(Connection c, int rescued) throws SQLException {
    if (rescued > 0) {
      notifyNodes(c);
    }
    return rescued;
  }

  private JobSql jobSql(Connection c) {
    return new JobSql(c, clock::toDatabase);
  }

  private <T> T withJobSql(Connection c, JobSqlWork<T> work) throws SQLException {
    try (JobSql sql = jobSql(c)) {
      return work.run(sql);
    }
  }

  @FunctionalInterface
  private interface JobSqlWork<T> {
    T run(JobSql sql) throws SQLException;
  }

  @Override
  public Optional<Job> find(String owner, long jobId) {
    return call("find", c -> withJobSql(c, sql -> sql.find(owner, jobId)));
  }

  @Override
  public List<io.ilios.JobAttempt> attempts(String owner, long jobId) {
    return call("read attempts", c -> withJobSql(c, sql -> sql.attempts(owner, jobId)));
  }

  @Override
  public Optional<Job> findFollowUp(String owner, String cause) {
    return call("find follow-up", c -> withJobSql(c, sql -> sql.findFollowUp(owner, cause)));
  }

  @Override
  public JobCounts counts() {
    return call("counts", c -> withJobSql(c, JobSql::counts));
  }

  @Override
  public QueueDepth depth() {
    return call("depth", c -> withJobSql(c, JobSql::depth));
  }

  @Override
  public List<DocumentRef> enqueueDocuments(Optional<NewBatch> batch, List<NewDocument> docs) {
    if (docs.isEmpty()) {
      throw new IllegalArgumentException("documents must not be empty");
    }
    return documents(
        "enqueue documents",
        (c, d) -> {
          if (batch.isPresent()) {
            d.insertBatch(batch.get());
          }
          List<DocumentRef> refs = new ArrayList<>(docs.size());
          try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (NewDocument doc : docs) {
              NewJob job = doc.job();
              if (job.idempotencyKey().isPresent()) {
                Optional<Long> existing = selectByKey(c, job.owner(), job.idempotencyKey().get());
                if (existing.isPresent()) {
                  refs.add(d.existing(existing.get(), job.idempotencyKey().get()));
                  continue;
                }
              }
              long jobId = insertOne(c, insert, job);
              if (job.idempotencyKey().isPresent()) {
                Optional<String> other = d.documentOfJob(jobId);
                if (other.isPresent()) { // lost a race for the key to another node's submit
                  refs.add(new DocumentRef(other.get(), jobId));
                  continue;
                }
              }
              d.insertDocument(doc, jobId);
              refs.add(new DocumentRef(doc.id(), jobId));
            }
          }
          return refs;
        });
  }

  @Override
  public Document saveConversion(
      NewDocument document, ConversionRecord conversion, Instant finishedAt) {
    return documents(
        "save conversion",
        (c, d) -> {
          long jobId = d.insertCompletedJob(document, document.id(), finishedAt);
          d.insertDocument(document, jobId);
          d.storeConversion(conversion, finishedAt);
          return d.findDocument(document.owner(), document.id()).orElseThrow().document();
        });
  }

  /** Postgres commits wait for the write-ahead log to reach the disk (by default). */
  @Override
  public boolean commitsWaitForDisk() {
    return true;
  }

  @Override
  public Optional<StoredDocument> findDocument(String owner, String documentId) {
    return documents("find document", (c, d) -> d.findDocument(owner, documentId));
  }

  @Override
  public void addKey(ApiKey key, String digest) {
    call(
        "add key",
        c -> {
          KeySql.add(c, key, digest);
          return null;
        });
  }

  /**
   * Counts every node shares; their commits need not wait for the disk (a lost token is harmless).
   */
  @Override
  public long takeToken(String owner, double perSecond, int burst, Instant now) {
    return transaction(
        "take a request token",
        c -> {
          relaxCommit(c);
          return QuotaSql.takeToken(c, " FOR UPDATE", owner, perSecond, burst, now);
        });
  }

  @Override
  public boolean takeSlot(String owner, String slotId, int limit, Instant until, Instant now) {
    return transaction(
        "take a slot",
        c -> {
          relaxCommit(c);
          return QuotaSql.takeSlot(c, " FOR UPDATE", owner, slotId, limit, until, now);
        });
  }

  @Override
  public void releaseSlot(String owner, String slotId) {
    call(
        "release a slot",
        c -> {
          QuotaSql.releaseSlot(c, owner, slotId);
          return null;
        });
  }

  @Override
  public boolean quotasAcrossNodes() {
    return true;
  }

  private static void relaxCommit(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("SET LOCAL synchronous_commit TO OFF");
    }
  }

  @Override
  public Optional<ApiKey> keyByDigest(String digest) {
    return call("find key", c -> KeySql.byDigest(c, digest));
  }

  @Override
  public List<ApiKey> keys() {
    return call("list keys", KeySql::all);
  }

  @Override
  public boolean revokeKey(String id, Instant now) {
    return call("revoke key", c -> KeySql.revoke(c, id, now));
  }

  @Override
  public Optional<byte[]> storedOriginal(String documentId) {
    return documents("read original", (c, d) -> d.storedOriginal(documentId));
  }

  @Override
  public List<String> pages(String owner, String documentId, int first, int limit) {
    Checks.inRange("first", first, 1, Integer.MAX_VALUE);
    Checks.inRange("limit", limit, 1, Integer.MAX_VALUE);
    return documents("read pages", (c, d) -> d.pages(owner, documentId, first, limit));
  }

  @Override
  public Optional<Batch> findBatch(String owner, String batchId) {
    return documents("find batch", (c, d) -> d.findBatch(owner, batchId));
  }

  @Override
  public List<StoredDocument> batchDocuments(
      String owner, String batchId, int afterIndex, int limit) {
    Checks.inRange("limit", limit, 1, 10_000);
    return documents("list batch", (c, d) -> d.batchDocuments(owner, batchId, afterIndex, limit));
  }

  @Override
  public boolean markBatchCompleted(String batchId, Instant now) {
    return documents("mark batch completed", (c, d) -> d.markBatchCompleted(batchId, now));
  }

  @Override
  public Set<String> referencedBlobs(Collection<String> keys) {
    return documents("find referenced originals", (c, d) -> d.referencedBlobs(keys));
  }

  @Override
  public List<StoredDocument> expiredDocuments(Instant now, int limit) {
    Checks.inRange("limit", limit, 1, 10_000);
    return documents("find expired documents", (c, d) -> d.expired(now, limit));
  }

  @Override
  public int archive(List<String> documentIds, Instant now) {
    if (documentIds.isEmpty()) {
      return 0;
    }
    return documents(
        "archive",
        (c, d) -> {
          int archived = 0;
          for (String id : documentIds) {
            archived += d.archive(id, now);
          }
          return archived;
        });
  }

  @Override
  public UsageTotals usageSummary(String owner, Instant from, Instant to) {
    return documents("usage summary", (c, d) -> d.usageSummary(owner, from, to));
  }

  @Override
  public UsageBreakdown usageBreakdown(String owner, Instant from, Instant to) {
    return documents("usage breakdown", (c, d) -> d.usageBreakdown(owner, from, to));
  }

  /** Stops listening and closes the pool if this store made it. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (listener != null) {
      listener.close();
    }
    if (ownPool != null) {
      ownPool.close();
    }
  }

  @Override
  public String toString() {
    return "PostgresJobStore{" + where + "}";
  }

  @FunctionalInterface
  private interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  @FunctionalInterface
  private interface DocumentWork<T> {
    T run(Connection c, DocumentBatchUsageSql d) throws SQLException;
  }

  /** One statement (or several that need no atomicity) on a pooled connection in autocommit. */
  private <T> T call(String what, SqlWork<T> work) {
    ensureOpen();
    try (Connection c = dataSource.getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  /** Work in one transaction on a pooled connection; rolled back if anything fails. */
  private <T> T transaction(String what, SqlWork<T> work) {
    ensureOpen();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw failure(what, e);
    }
  }

  private <T> T documents(String what, DocumentWork<T> work) {
    return transaction(
        what,
        c -> {
          try (DocumentBatchUsageSql d = new DocumentBatchUsageSql(c)) {
            return work.run(c, d);
          }
        });
  }

  private static void rollbackQuietly(Connection c, Exception cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new StoreException("store " + where + " is closed");
    }
  }

  private StoreException failure(String what, SQLException e) {
    return new StoreException(what + " failed on " + where + ": " + reason(e), e);
  }

  /** The message, with the root cause's when the pool wraps it ("connection not available"). */
  private static String reason(SQLException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? e.getMessage() : e.getMessage() + " (" + root.getMessage() + ")";
  }

  /** Settings of a {@link PostgresJobStore}. */
  public static final class Builder {
    private String jdbcUrl;
    private String user;
    private String password;
    private DataSource dataSource;
    private int poolSize = 10;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private boolean listen = true;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * This host's clock, used only to measure how far it is from the database server's clock: the
     * store writes lease deadlines and due times on the database's clock, so that nodes whose
     * clocks disagree cannot rescue each other's live jobs. Default {@link Clock#systemUTC()}.
     */
    public Builder hostClock(Clock clock) {
      this.clock = java.util.Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The database, such as {@code jdbc:postgresql://db:5432/ilios}. */
    public Builder jdbcUrl(String url) {
      Objects.requireNonNull(url, "jdbcUrl");
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "jdbcUrl must start with jdbc:postgresql:, was " + redact(url));
      }
      this.jdbcUrl = url;
      return this;
    }

    /** The database user. */
    public Builder user(String user) {
      this.user = Checks.notBlank("user", user, 63);
      return this;
    }

    /** The password; never logged or shown. */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Uses the caller's data source (a pool) instead of making one; the store never closes it. The
     * store keeps one of its connections for {@code LISTEN} while open.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /** Connections in the store's own pool, 2–200. Default 10. */
    public Builder poolSize(int connections) {
      this.poolSize = Checks.inRange("poolSize", connections, 2, 200);
      return this;
    }

    /** How long to wait for a connection. Default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      Checks.inRange("connectTimeout (ms)", timeout.toMillis(), 250, 600_000);
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * Whether to {@code LISTEN} for other nodes' submits (default on). Off, idle workers notice
     * other nodes' jobs at their next poll only.
     */
    public Builder listen(boolean on) {
      this.listen = on;
      return this;
    }

    private HikariDataSource makePool() {
      if (jdbcUrl == null) {
        throw new IllegalStateException("jdbcUrl or dataSource is required");
      }
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(jdbcUrl);
      if (user != null) {
        config.setUsername(user);
      }
      if (password != null) {
        config.setPassword(password);
      }
      config.setMaximumPoolSize(poolSize);
      config.setMinimumIdle(Math.min(2, poolSize));
      config.setConnectionTimeout(connectTimeout.toMillis());
      config.setPoolName("ilios-postgres");
      // Fail at first use rather than at build when the server is briefly down.
      config.setInitializationFailTimeout(-1);
      return new HikariDataSource(config);
    }

    /**
     * Connects, creates or migrates the schema, and starts listening.
     *
     * @throws StoreException if the database cannot be reached or was written by a newer Ilios
     */
    public PostgresJobStore build() {
      return new PostgresJobStore(this);
    }
  }
}
