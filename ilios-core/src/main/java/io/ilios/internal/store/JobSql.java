package io.ilios.internal.store;

import io.ilios.Job;
import io.ilios.JobCounts;
import io.ilios.NotFoundException;
import io.ilios.QueueDepth;
import io.ilios.spi.ConversionRecord;
import io.ilios.spi.JobOutcome;
import io.ilios.spi.Lease;
import io.ilios.spi.NewJob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The job statements every JDBC store runs the same way: storing finished attempts behind their
 * fencing token, cancelling, rescuing, finding and counting jobs, and idempotency look-ups. What
 * differs between databases (how jobs are claimed, added and their leases renewed, and the schema)
 * stays in each store. Statements are prepared on first use on the connection given: a store with
 * one long-lived connection keeps one {@code JobSql}, a pooled store makes one per connection it
 * borrows and closes it. Not thread-safe.
 */
public final class JobSql implements AutoCloseable {
  static final String COMPLETE =
      "UPDATE jobs SET status = 'COMPLETED', result = ?, error = NULL, lease_until = NULL,"
          + " finished_at = ? WHERE id = ? AND lease_token = ? AND status = 'PROCESSING'";

  static final String FAIL =
      "UPDATE jobs SET"
          + " status = CASE WHEN ? AND attempts < max_attempts THEN 'PENDING' ELSE 'FAILED' END,"
          + " scheduled_at = CASE WHEN ? AND attempts < max_attempts THEN ? ELSE scheduled_at END,"
          + " finished_at = CASE WHEN ? AND attempts < max_attempts THEN NULL ELSE ? END,"
          + " error = ?, lease_until = NULL"
          + " WHERE id = ? AND lease_token = ? AND status = 'PROCESSING'";

  static final String RELEASE =
      "UPDATE jobs SET status = 'PENDING', attempts = attempts - 1, lease_until = NULL"
          + " WHERE id = ? AND lease_token = ? AND status = 'PROCESSING'";

  static final String RESCUE =
      "UPDATE jobs SET"
          + " status = CASE WHEN attempts < max_attempts THEN 'PENDING' ELSE 'FAILED' END,"
          + " finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE ? END,"
          + " error = 'lease expired: worker ' || coalesce(worker_id, '?') || ' stopped',"
          + " lease_until = NULL"
          + " WHERE status = 'PROCESSING' AND lease_until < ?";

  static final String RESCUE_HELD_BY =
      "UPDATE jobs SET"
          + " status = CASE WHEN attempts < max_attempts THEN 'PENDING' ELSE 'FAILED' END,"
          + " finished_at = CASE WHEN attempts < max_attempts THEN NULL ELSE ? END,"
          + " error = 'worker ' || worker_id || ' stopped: its process is gone',"
          + " lease_until = NULL"
          + " WHERE status = 'PROCESSING' AND worker_id = ?";

  static final String CANCEL =
      "UPDATE jobs SET status = 'CANCELLED', lease_until = NULL, finished_at = ?"
          + " WHERE id = ? AND owner = ? AND status IN ('PENDING', 'PROCESSING')";

  static final String FIND =
      "SELECT " + JobRows.JOB_COLUMNS + " FROM jobs WHERE id = ? AND owner = ?";

  static final String LEASE_HOLDERS =
      "SELECT DISTINCT worker_id FROM jobs WHERE status = 'PROCESSING' AND worker_id IS NOT NULL";

  static final String FOLLOW_UP =
      "SELECT "
          + JobRows.JOB_COLUMNS
          + " FROM jobs WHERE cause = ? AND owner = ? ORDER BY id DESC LIMIT 1";

  static final String ATTEMPTS =
      "SELECT a.attempt, a.started_at, a.outcome FROM job_attempts a JOIN jobs j ON j.id = a.job_id"
          + " WHERE a.job_id = ? AND j.owner = ? ORDER BY a.id";

  static final String BY_KEY = "SELECT id FROM jobs WHERE owner = ? AND idempotency_key = ?";

  private final Connection connection;
  private final ToLongFunction<Instant> leaseTime;
  private final List<PreparedStatement> prepared = new ArrayList<>();
  private PreparedStatement complete;
  private PreparedStatement fail;
  private PreparedStatement release;
  private PreparedStatement rescue;
  private PreparedStatement rescueHeldBy;
  private PreparedStatement cancel;
  private PreparedStatement find;
  private PreparedStatement followUp;
  private PreparedStatement attempts;
  private PreparedStatement byKey;
  private PreparedStatement counts;
  private PreparedStatement depth;
  private PreparedStatement leaseHolders;

  /**
   * @param leaseTime writes a time that other nodes compare with theirs (lease deadlines, due
   *     times) as the store keeps it: epoch milliseconds, moved onto the database's clock where the
   *     store does that
   */
  public JobSql(Connection connection, ToLongFunction<Instant> leaseTime) {
    this.connection = connection;
    this.leaseTime = leaseTime;
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement s = connection.prepareStatement(sql);
    prepared.add(s);
    return s;
  }

  /**
   * Whether storing these outcomes takes a transaction: one completion or failure without a
   * conversion is a single statement, atomic on its own; anything more is several.
   */
  public static boolean needsTransaction(List<JobOutcome> outcomes) {
    if (outcomes.size() != 1) {
      return true;
    }
    JobOutcome o = outcomes.get(0);
    return o instanceof JobOutcome.Released
        || (o instanceof JobOutcome.Completed c && c.conversion().isPresent());
  }

  /**
   * Applies outcomes whose lease is still current, each kind as one JDBC batch when there are
   * several; a completion's pages and usage go through {@code documents} only if it applied. The
   * caller runs this in one transaction. Returns, in order, whether each outcome applied.
   */
  public List<Boolean> finish(
      List<JobOutcome> outcomes, Instant now, DocumentBatchUsageSql documents) throws SQLException {
    Boolean[] applied = new Boolean[outcomes.size()];
    List<Integer> completed = new ArrayList<>();
    List<Integer> failed = new ArrayList<>();
    List<Integer> released = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      JobOutcome o = outcomes.get(i);
      (o instanceof JobOutcome.Completed
              ? completed
              : o instanceof JobOutcome.Failed ? failed : released)
          .add(i);
    }
    if (!completed.isEmpty()) {
      complete = complete != null ? complete : prepare(COMPLETE);
      for (int i : completed) {
        JobOutcome.Completed c = (JobOutcome.Completed) outcomes.get(i);
        complete.setString(1, c.result());
        complete.setLong(2, now.toEpochMilli());
        bindLease(complete, 3, c.lease());
        bound(complete, completed);
      }
      run(complete, completed, applied);
      List<ConversionRecord> conversions = new ArrayList<>();
      for (int i : completed) {
        Optional<ConversionRecord> conversion =
            ((JobOutcome.Completed) outcomes.get(i)).conversion();
        if (applied[i] && conversion.isPresent()) {
          conversions.add(conversion.get());
        }
      }
      if (!conversions.isEmpty()) {
        documents.storeConversions(conversions, now);
      }
    }
    if (!failed.isEmpty()) {
      fail = fail != null ? fail : prepare(FAIL);
      for (int i : failed) {
        JobOutcome.Failed f = (JobOutcome.Failed) outcomes.get(i);
        fail.setBoolean(1, f.retryable());
        fail.setBoolean(2, f.retryable());
        fail.setLong(3, leaseTime.applyAsLong(f.retryAt()));
        fail.setBoolean(4, f.retryable());
        fail.setLong(5, now.toEpochMilli());
        fail.setString(6, f.error());
        bindLease(fail, 7, f.lease());
        bound(fail, failed);
      }
      run(fail, failed, applied);
    }
    if (!released.isEmpty()) {
      release = release != null ? release : prepare(RELEASE);
      for (int i : released) {
        bindLease(release, 1, outcomes.get(i).lease());
        bound(release, released);
      }
      run(release, released, applied);
    }
    return List.of(applied);
  }

  private static void bindLease(PreparedStatement s, int first, Lease lease) throws SQLException {
    s.setLong(first, lease.jobId());
    s.setLong(first + 1, lease.token());
  }

  /** After binding one outcome: several are collected as a batch, a single one runs alone. */
  private static void bound(PreparedStatement s, List<Integer> positions) throws SQLException {
    if (positions.size() > 1) {
      s.addBatch();
    }
  }

  /**
   * Runs the statement for the outcomes at {@code positions}: at once when there is one (the common
   * case, without the cost of a batch), else as the batch they were added to.
   */
  private static void run(PreparedStatement s, List<Integer> positions, Boolean[] applied)
      throws SQLException {
    if (positions.size() == 1) {
      applied[positions.get(0)] = s.executeUpdate() == 1;
      return;
    }
    int[] counts = s.executeBatch();
    for (int k = 0; k < positions.size(); k++) {
      applied[positions.get(k)] = counts[k] == 1;
    }
  }

  /**
   * Binds a job to a store's insert statement, whose first nine parameters are, in order: owner,
   * type, priority, max attempts, timeout (ms), payload, idempotency key, created and scheduled
   * time (both {@code scheduledAt}, as {@code leaseTime} writes it).
   */
  public static void bindInsert(
      PreparedStatement insert, NewJob job, ToLongFunction<Instant> leaseTime) throws SQLException {
    insert.setString(1, job.owner());
    insert.setString(2, job.type());
    insert.setInt(3, job.priority());
    insert.setInt(4, job.maxAttempts());
    insert.setLong(5, job.timeout().toMillis());
    insert.setString(6, job.payload());
    if (job.idempotencyKey().isPresent()) {
      insert.setString(7, job.idempotencyKey().get());
    } else {
      insert.setNull(7, Types.VARCHAR);
    }
    long at = leaseTime.applyAsLong(job.scheduledAt());
    insert.setLong(8, at);
    insert.setLong(9, at);
  }

  /** Cancels a pending or running job of the owner and returns it as it then stands. */
  public Job cancel(String owner, long jobId, Instant now) throws SQLException {
    cancel = cancel != null ? cancel : prepare(CANCEL);
    cancel.setLong(1, now.toEpochMilli());
    cancel.setLong(2, jobId);
    cancel.setString(3, owner);
    cancel.executeUpdate();
    return find(owner, jobId).orElseThrow(() -> new NotFoundException("job", Long.toString(jobId)));
  }

  /** Rescues jobs whose lease expired before {@code now}; returns how many. */
  public int rescueExpired(Instant now) throws SQLException {
    rescue = rescue != null ? rescue : prepare(RESCUE);
    long at = leaseTime.applyAsLong(now);
    rescue.setLong(1, at);
    rescue.setLong(2, at);
    return rescue.executeUpdate();
  }

  /** Rescues the running jobs whose lease {@code workerId} holds; returns how many. */
  public int rescueHeldBy(String workerId, Instant now) throws SQLException {
    rescueHeldBy = rescueHeldBy != null ? rescueHeldBy : prepare(RESCUE_HELD_BY);
    rescueHeldBy.setLong(1, leaseTime.applyAsLong(now));
    rescueHeldBy.setString(2, workerId);
    return rescueHeldBy.executeUpdate();
  }

  /** The workers holding a running job's lease, for the rescue of processes that are gone. */
  public List<String> leaseHolders() throws SQLException {
    leaseHolders = leaseHolders != null ? leaseHolders : prepare(LEASE_HOLDERS);
    List<String> holders = new ArrayList<>();
    try (ResultSet rs = leaseHolders.executeQuery()) {
      while (rs.next()) {
        holders.add(rs.getString(1));
      }
    }
    return holders;
  }

  /** The owner's job; empty for unknown ids and other owners' ids alike. */
  public Optional<Job> find(String owner, long jobId) throws SQLException {
    find = find != null ? find : prepare(FIND);
    find.setLong(1, jobId);
    find.setString(2, owner);
    try (ResultSet rs = find.executeQuery()) {
      return rs.next() ? Optional.of(JobRows.job(rs)) : Optional.empty();
    }
  }

  /** The owner's latest follow-up of {@code cause}, through the partial index on it. */
  public Optional<Job> findFollowUp(String owner, String cause) throws SQLException {
    followUp = followUp != null ? followUp : prepare(FOLLOW_UP);
    followUp.setString(1, cause);
    followUp.setString(2, owner);
    try (ResultSet rs = followUp.executeQuery()) {
      return rs.next() ? Optional.of(JobRows.job(rs)) : Optional.empty();
    }
  }

  /** The ended attempts of the owner's follow-up job, oldest first. */
  public List<io.ilios.JobAttempt> attempts(String owner, long jobId) throws SQLException {
    attempts = attempts != null ? attempts : prepare(ATTEMPTS);
    attempts.setLong(1, jobId);
    attempts.setString(2, owner);
    List<io.ilios.JobAttempt> out = new ArrayList<>();
    try (ResultSet rs = attempts.executeQuery()) {
      while (rs.next()) {
        long started = rs.getLong(2);
        out.add(
            new io.ilios.JobAttempt(
                rs.getInt(1),
                rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(started)),
                rs.getString(3)));
      }
    }
    return out;
  }

  /** The id of the owner's job with this idempotency key, if any. */
  public Optional<Long> byKey(String owner, String key) throws SQLException {
    byKey = byKey != null ? byKey : prepare(BY_KEY);
    byKey.setString(1, owner);
    byKey.setString(2, key);
    try (ResultSet rs = byKey.executeQuery()) {
      return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
    }
  }

  /** How many jobs are in each status. */
  public JobCounts counts() throws SQLException {
    counts = counts != null ? counts : prepare(JobRows.COUNTS);
    try (ResultSet rs = counts.executeQuery()) {
      return JobRows.counts(rs);
    }
  }

  /** How many jobs wait and run, and since when the oldest waits. */
  public QueueDepth depth() throws SQLException {
    depth = depth != null ? depth : prepare(JobRows.DEPTH);
    try (ResultSet rs = depth.executeQuery()) {
      return JobRows.depth(rs);
    }
  }

  /** Closes the statements it prepared; the connection stays the caller's. */
  @Override
  public void close() {
    for (PreparedStatement s : prepared) {
      try {
        s.close();
      } catch (SQLException ignored) {
        // closing: nothing to do about it
      }
    }
    prepared.clear();
  }
}
