package io.ilios.testing;

import io.ilios.JobCounts;
import io.ilios.JobStatus;
import io.ilios.internal.worker.JobExecutor;
import io.ilios.internal.worker.PoolSettings;
import io.ilios.internal.worker.WorkerPool;
import io.ilios.store.SqliteJobStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A worker process for multi-process tests: runs a pool on a database file until no job is left,
 * appending the id of every job whose completion the store accepted to a log file.
 *
 * <p>Arguments: database, log file, workers, milliseconds each job takes, lease in milliseconds.
 */
public final class ChildWorker {
  private ChildWorker() {}

  public static void main(String[] args) throws Exception {
    Path db = Path.of(args[0]);
    Path log = Path.of(args[1]);
    int workers = Integer.parseInt(args[2]);
    long jobMillis = Long.parseLong(args[3]);
    Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
    try (SqliteJobStore store = SqliteJobStore.open(db);
        BufferedWriter out =
            Files.newBufferedWriter(
                log,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
      PoolSettings settings =
          Pools.settings(
              workers,
              Clock.systemUTC(),
              lease,
              lease.dividedBy(5),
              Duration.ofMillis(20),
              Duration.ofSeconds(5),
              "child-" + ProcessHandle.current().pid());
      List<Integer> storeErrors = new ArrayList<>();
      try (WorkerPool pool =
          WorkerPool.started(
              store,
              job -> {
                Thread.sleep(jobMillis);
                return JobExecutor.Result.of("done by " + ProcessHandle.current().pid());
              },
              (job, status, error) -> {
                if (status == JobStatus.COMPLETED) {
                  try {
                    out.write(job.id() + "\n");
                    out.flush();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }
              },
              settings)) {
        while (true) {
          JobCounts c = store.counts();
          if (c.pending() == 0 && c.processing() == 0) {
            break;
          }
          Thread.sleep(20);
        }
        storeErrors.add(pool.storeErrors());
      }
      System.out.println("store errors: " + storeErrors.get(0));
    }
  }
}
