package io.ilios.internal.store;

import io.ilios.Job;
import io.ilios.JobCounts;
import io.ilios.JobStatus;
import io.ilios.QueueDepth;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.Lease;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Reads job rows the way every store selects them, so both stores map columns alike. */
public final class JobRows {
  /** The columns {@link #job} reads, in order. */
  public static final String JOB_COLUMNS =
      "id, owner, type, status, priority, attempts, max_attempts, error, result,"
          + " created_at, scheduled_at, finished_at, started_at";

  /** The columns a claim returns, in the order {@link #claimed} reads them. */
  public static final String CLAIM_RETURNING =
      " RETURNING id, lease_token, owner, type, payload, priority, attempts, max_attempts,"
          + " timeout_ms, scheduled_at, cause";

  /** Counts per status, read by {@link #counts}. */
  public static final String COUNTS = "SELECT status, count(*) FROM jobs GROUP BY status";

  /**
   * The queue's depth from the partial indexes of pending and running jobs (their WHERE clauses
   * match these), never a scan of finished jobs.
   */
  public static final String DEPTH =
      "SELECT (SELECT count(*) FROM jobs WHERE status = 'PENDING'),"
          + " (SELECT min(created_at) FROM jobs WHERE status = 'PENDING'),"
          + " (SELECT count(*) FROM jobs WHERE status = 'PROCESSING')";

  private JobRows() {}

  /** The job at the current row of a {@link #JOB_COLUMNS} selection. */
  public static Job job(ResultSet rs) throws SQLException {
    Optional<Instant> finishedAt = time(rs, 12);
    Optional<Instant> startedAt = time(rs, 13);
    return new Job(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        JobStatus.valueOf(rs.getString(4)),
        rs.getInt(5),
        rs.getInt(6),
        rs.getInt(7),
        Optional.ofNullable(rs.getString(8)),
        Optional.ofNullable(rs.getString(9)),
        Instant.ofEpochMilli(rs.getLong(10)),
        Instant.ofEpochMilli(rs.getLong(11)),
        startedAt,
        finishedAt);
  }

  private static Optional<Instant> time(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  /**
   * Every row of a claim's {@link #CLAIM_RETURNING}, read to the end (an unfinished statement holds
   * SQLite's WAL), in queue order: RETURNING gives rows in no particular order, and workers should
   * start the most urgent job first.
   */
  public static List<ClaimedJob> claimed(ResultSet rs) throws SQLException {
    List<Claimed> rows = new ArrayList<>();
    while (rs.next()) {
      ClaimedJob job =
          new ClaimedJob(
              new Lease(rs.getLong(1), rs.getLong(2)),
              rs.getString(3),
              rs.getString(4),
              rs.getString(5),
              rs.getInt(6),
              rs.getInt(7),
              rs.getInt(8),
              Duration.ofMillis(rs.getLong(9)),
              Optional.ofNullable(rs.getString(11)));
      rows.add(new Claimed(job, rs.getLong(10)));
    }
    rows.sort(QUEUE_ORDER);
    List<ClaimedJob> claimed = new ArrayList<>(rows.size());
    for (Claimed row : rows) {
      claimed.add(row.job());
    }
    return claimed;
  }

  /** A claimed job with the scheduled time it was queued under, for restoring queue order. */
  private record Claimed(ClaimedJob job, long scheduledAt) {}

  /** The queue's order: priority (higher first), then scheduled time, then id. */
  private static final Comparator<Claimed> QUEUE_ORDER =
      Comparator.comparingInt((Claimed c) -> -c.job().priority())
          .thenComparingLong(Claimed::scheduledAt)
          .thenComparingLong(c -> c.job().id());

  /** The answer of a {@link #DEPTH} query. */
  public static QueueDepth depth(ResultSet rs) throws SQLException {
    rs.next();
    long pending = rs.getLong(1);
    long oldest = rs.getLong(2);
    Optional<Instant> since =
        rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest));
    return new QueueDepth(pending, rs.getLong(3), since);
  }

  /** The counts of a {@link #COUNTS} query. */
  public static JobCounts counts(ResultSet rs) throws SQLException {
    long[] n = new long[JobStatus.values().length];
    while (rs.next()) {
      n[JobStatus.valueOf(rs.getString(1)).ordinal()] = rs.getLong(2);
    }
    return new JobCounts(
        n[JobStatus.PENDING.ordinal()],
        n[JobStatus.PROCESSING.ordinal()],
        n[JobStatus.COMPLETED.ordinal()],
        n[JobStatus.FAILED.ordinal()],
        n[JobStatus.CANCELLED.ordinal()]);
  }
}
