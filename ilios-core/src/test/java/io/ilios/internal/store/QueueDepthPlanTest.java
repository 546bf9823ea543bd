package io.ilios.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.store.SqliteJobStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue's depth is read from the partial indexes of waiting and running jobs, never by a scan
 * of the jobs table: a health check calls it, and finished jobs pile up.
 */
class QueueDepthPlanTest {
  @TempDir Path dir;

  @Test
  void theDepthQueryReadsOnlyTheQueuesIndexes() throws Exception {
    Path db = dir.resolve("ilios.db");
    SqliteJobStore.open(db).close(); // the schema, as the store makes it
    List<String> plan = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + JobRows.DEPTH)) {
      while (rs.next()) {
        plan.add(rs.getString("detail"));
      }
    }
    List<String> readsOfJobs = plan.stream().filter(step -> step.contains(" jobs")).toList();
    assertThat(readsOfJobs).hasSize(3);
    assertThat(readsOfJobs)
        .allSatisfy(
            step -> assertThat(step).containsAnyOf("INDEX jobs_pending", "INDEX jobs_leases"));
    assertThat(plan).noneMatch(step -> step.equals("SCAN jobs"));
  }
}
