package io.ilios.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.spi.ClaimedJob;
import io.ilios.spi.JobOutcome;
import io.ilios.testing.Jobs;
import io.ilios.testing.NoThreadLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Background checkpoints keep the WAL from growing under a steady stream of commits. */
@ExtendWith(NoThreadLeaks.class)
class WalCheckpointTest {
  @TempDir Path dir;

  @Test
  void theWalIsRewoundWhileCommitsNeverStop() throws Exception {
    Path file = dir.resolve("ilios.db");
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    long commits = 0;
    long walMax = 0;
    try (SqliteJobStore store =
        SqliteJobStore.open(
            file,
            SqliteJobStore.Options.defaults().withCheckpointInterval(Duration.ofMillis(10)))) {
      int pairs = 20_000;
      store.enqueue(Jobs.many(pairs, t));
      // A fixed number of commits, however fast the machine makes them: 40,000 commits append
      // over 300 MiB of frames, far more than the bound below.
      for (int i = 0; i < pairs; i++) {
        ClaimedJob c = store.claim("w", 1, t, Duration.ofMinutes(1)).get(0);
        store.finish(List.of(new JobOutcome.Completed(c.lease(), "ok")), t);
        commits += 2;
        if (commits % 1000 == 0) {
          walMax = Math.max(walMax, Files.size(dir.resolve("ilios.db-wal")));
        }
      }
    }
    // Each commit appends at least two 4 KiB frames; a WAL that was never rewound would hold them
    // all. Rewinding keeps it near the catch-up threshold (16 MiB); the
    // bound leaves room for checkpoints slowed by other disk traffic (a test that just wrote GiBs).
    long appended = commits * 2 * 4096;
    assertThat(appended).isGreaterThan(2L * (128 << 20));
    assertThat(walMax).isLessThan(128L << 20);
  }
}
