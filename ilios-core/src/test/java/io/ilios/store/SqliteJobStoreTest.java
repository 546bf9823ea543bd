package io.ilios.store;

import static io.ilios.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.Batch;
import io.ilios.BatchProgress;
import io.ilios.StoreException;
import io.ilios.internal.sqlite.Migrations;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.DocumentRef;
import io.ilios.spi.JobOutcome;
import io.ilios.spi.JobStore;
import io.ilios.spi.Lease;
import io.ilios.spi.NewBatch;
import io.ilios.spi.NewDocument;
import io.ilios.testing.JobStoreContract;
import io.ilios.testing.Jobs;
import io.ilios.testing.NoThreadLeaks;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoThreadLeaks.class)
class SqliteJobStoreTest extends JobStoreContract {
  @TempDir Path dir;

  @Override
  protected JobStore openEmpty() {
    return SqliteJobStore.open(dir.resolve("sub/ilios.db"));
  }

  @Test
  void reopeningKeepsJobsAndSchema() {
    long id = store.enqueue(List.of(job(T0))).get(0);
    store.close();
    store = SqliteJobStore.open(dir.resolve("sub/ilios.db"));
    assertThat(store.find("alice", id)).isPresent();
  }

  @Test
  void aFileThatIsNotADatabaseIsRejectedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("notes.db");
    byte[] content = "these are my notes, not a database".getBytes(StandardCharsets.UTF_8);
    Files.write(file, content);
    assertThatThrownBy(() -> SqliteJobStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is not an SQLite database");
    assertThat(Files.readAllBytes(file)).isEqualTo(content);
    assertThat(dir.resolve("notes.db-wal")).doesNotExist();
  }

  @Test
  void anotherApplicationsDatabaseIsRejectedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("other.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
      s.execute("INSERT INTO customers (name) VALUES ('Ada')");
    }
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> SqliteJobStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("another application")
        .hasMessageContaining("left it untouched");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void aCorruptDatabaseGivesAClearError() throws Exception {
    store.enqueue(Jobs.many(500, T0));
    store.close();
    Path file = dir.resolve("sub/ilios.db");
    byte[] bytes = Files.readAllBytes(file);
    for (int i = 100; i < bytes.length; i++) {
      bytes[i] = (byte) 0x5A; // keep the header, trash the rest
    }
    Files.write(file, bytes);
    assertThatThrownBy(() -> SqliteJobStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void aDatabaseFromANewerIliosIsRejected() throws Exception {
    store.close();
    Path file = dir.resolve("sub/ilios.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = " + (Migrations.latest() + 1));
    }
    assertThatThrownBy(() -> SqliteJobStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("written by a newer Ilios");
  }

  @Test
  void aBatchWrittenBeforeBatchCountsIsCountedByTheMigration() throws Exception {
    NewBatch batch = new NewBatch("b1", "alice", 5, 3, T0);
    List<NewDocument> docs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      docs.add(document("alice", Optional.of("b1"), i, i + ".pdf", T0, 30));
    }
    List<DocumentRef> refs = store.enqueueDocuments(Optional.of(batch), docs);
    store.close();
    // Back to schema 4 as an older Ilios left it, with one document finished meanwhile.
    Path file = dir.resolve("sub/ilios.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("DROP TRIGGER jobs_follow_up_attempt");
      s.execute("DROP TABLE job_attempts");
      s.execute("DROP TABLE quota_slots");
      s.execute("DROP TABLE quota_buckets");
      s.execute("DROP TRIGGER jobs_follow_up");
      s.execute("DROP TRIGGER batches_follow_up");
      s.execute("DROP TABLE follow_ups");
      s.execute("DROP INDEX jobs_cause");
      s.execute("ALTER TABLE jobs DROP COLUMN cause");
      s.execute("DROP TABLE api_keys");
      s.execute("DROP TABLE originals");
      s.execute("DROP TRIGGER jobs_batch_counts");
      s.execute("DROP TRIGGER documents_batch_counts");
      for (String column :
          List.of(
              "pending", "processing", "completed", "failed", "cancelled", "last_finished_at")) {
        s.execute("ALTER TABLE batches DROP COLUMN " + column);
      }
      s.execute(
          "UPDATE jobs SET status = 'COMPLETED', finished_at = 5000 WHERE id = "
              + refs.get(1).jobId());
      s.execute("PRAGMA user_version = 4");
    }
    store = SqliteJobStore.open(file);
    Batch b = store.findBatch("alice", "b1").orElseThrow();
    assertThat(b.progress()).isEqualTo(new BatchProgress(3, 2, 0, 1, 0, 0));
    ClaimedJob next = store.claim("w", 1, T0, LEASE).get(0);
    store.finish(List.of(new JobOutcome.Completed(next.lease(), "{}")), T0);
    assertThat(store.findBatch("alice", "b1").orElseThrow().progress())
        .isEqualTo(new BatchProgress(3, 1, 0, 2, 0, 0));
  }

  @Test
  void theDatabaseIsInWalModeWithTheIliosApplicationId() throws Exception {
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sub/ilios.db"));
        Statement s = c.createStatement()) {
      var rs = s.executeQuery("PRAGMA journal_mode");
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("wal");
      rs = s.executeQuery("PRAGMA application_id");
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(Migrations.APPLICATION_ID);
    }
  }

  @Test
  void theClaimUsesThePendingIndex() throws Exception {
    store.enqueue(Jobs.many(1000, T0));
    store.close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("sub/ilios.db"));
        Statement s = c.createStatement()) {
      var rs =
          s.executeQuery(
              "EXPLAIN QUERY PLAN SELECT id FROM jobs WHERE status = 'PENDING'"
                  + " AND scheduled_at <= "
                  + T0.toEpochMilli()
                  + " ORDER BY priority DESC, scheduled_at, id LIMIT 8");
      StringBuilder plan = new StringBuilder();
      while (rs.next()) {
        plan.append(rs.getString(4)).append('\n');
      }
      assertThat(plan.toString()).contains("jobs_pending").doesNotContain("TEMP B-TREE");
    }
  }

  static Lease lease(ClaimedJob j) {
    return j.lease();
  }
}
