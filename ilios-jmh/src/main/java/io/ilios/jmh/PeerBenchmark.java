package io.ilios.jmh;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.JobType;
import io.ilios.SubmitOptions;
import io.ilios.blob.LocalBlobStore;
import io.ilios.postgres.PostgresServer;
import io.ilios.spi.JobStore;
import io.ilios.spi.OcrBackend;
import io.ilios.spi.OcrInput;
import io.ilios.spi.OcrResult;
import io.ilios.store.SqliteJobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Ilios's queue beside db-scheduler on the same store (a SQLite file) and the same workloads, in
 * one run: no-op jobs submitted one by one and in batches (jobs per second from the first submit to
 * the last job started), a trickle at a steady rate (submit → start latency, p50 and p99), and a
 * count of how often each job ran (exactly once, or the run fails). Ilios is driven through its
 * public API: a plain {@link JobType} with a handler. db-scheduler runs a {@code OneTimeTask}, as
 * its documentation recommends, with its polling both plain and with immediate execution.
 *
 * <pre>
 * java -cp ilios-jmh/target/benchmarks.jar io.ilios.jmh.PeerBenchmark [jobs] [workers] [trickleSeconds]
 * </pre>
 */
public final class PeerBenchmark {
  static final JobType<String> NOOP = JobType.text("noop");
  static final int BATCH = 100;
  static final int TRICKLE_PER_SECOND = 50;

  /** A queue under test: submits job ids, and calls {@link Recorder#started} when one starts. */
  interface Peer extends AutoCloseable {
    void submit(long id);

    void submitBatch(List<Long> ids);

    @Override
    void close() throws Exception;
  }

  /** Per job: when it was submitted, when it started, how often it ran. */
  static final class Recorder {
    final long[] submitted;
    final long[] started;
    final AtomicIntegerArray runs;
    final CountDownLatch all;

    Recorder(int n) {
      submitted = new long[n];
      started = new long[n];
      runs = new AtomicIntegerArray(n);
      all = new CountDownLatch(n);
    }

    void started(long id) {
      int i = (int) id;
      started[i] = System.nanoTime();
      if (runs.incrementAndGet(i) == 1) {
        all.countDown();
      }
    }

    /** Jobs that ran other than once. */
    int notOnce() {
      int bad = 0;
      for (int i = 0; i < runs.length(); i++) {
        bad += runs.get(i) == 1 ? 0 : 1;
      }
      return bad;
    }
  }

  interface PeerFactory {
    Peer start(Path dir, Recorder recorder, int workers) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int trickleSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    boolean postgres = args.length > 3 && args[3].equals("postgres");
    List<String> names = new ArrayList<>();
    List<PeerFactory> peers = new ArrayList<>();
    PostgresServer server = postgres ? Bench.postgres() : null;
    try {
      if (postgres) {
        names.addAll(
            List.of(
                "ilios (plain jobs, public API)",
                "ilios (4 KiB documents, public API)",
                "db-scheduler",
                "db-scheduler immediate",
                "JobRunr"));
        peers.add((d, r, w) -> ilios(Bench.postgres(server, w + 2), d, r, w));
        peers.add((d, r, w) -> iliosDocuments(Bench.postgres(server, w + 2), d, r, w));
        peers.add((d, r, w) -> dbScheduler(postgresSource(server, w), false, r, w, false));
        peers.add((d, r, w) -> dbScheduler(postgresSource(server, w), false, r, w, true));
        peers.add((d, r, w) -> jobRunr(postgresSource(server, w), r, w));
      } else {
        names.addAll(
            List.of(
                "ilios (plain jobs, public API)",
                "ilios (4 KiB documents, public API)",
                "db-scheduler",
                "db-scheduler immediate"));
        peers.add((d, r, w) -> ilios(SqliteJobStore.open(d.resolve("ilios.db")), d, r, w));
        peers.add((d, r, w) -> iliosDocuments(SqliteJobStore.open(d.resolve("ilios.db")), d, r, w));
        peers.add((d, r, w) -> dbScheduler(sqliteSource(d), true, r, w, false));
        peers.add((d, r, w) -> dbScheduler(sqliteSource(d), true, r, w, true));
      }
      System.out.printf(
          "%d no-op jobs per phase, %d workers, %s, trickle %d/s for %d s%n%n",
          jobs,
          workers,
          postgres ? "Postgres (synchronous_commit on)" : "SQLite (WAL) file",
          TRICKLE_PER_SECOND,
          trickleSeconds);
      System.out.printf(
          "| %-36s | %12s | %12s | %22s | %9s |%n",
          "queue", "one by one", "batches", "trickle p50 / p99 (ms)", "not once");
      System.out.println("|---|---|---|---|---|");
      for (int p = 0; p < peers.size(); p++) {
        double single = throughput(peers.get(p), jobs, workers, false);
        double batched = throughput(peers.get(p), jobs, workers, true);
        double[] trickle = trickle(peers.get(p), trickleSeconds, workers);
        System.out.printf(
            Locale.ROOT,
            "| %-36s | %8.0f j/s | %8.0f j/s | %9.2f / %8.2f | %9d |%n",
            names.get(p),
            single,
            batched,
            trickle[0],
            trickle[1],
            (int) (single < 0 || batched < 0 ? 1 : trickle[2]));
      }
    } finally {
      if (server != null) {
        Bench.stop(server);
      }
    }
  }

  /** Jobs per second from the first submit until every job has started; -1 if not exactly once. */
  static double throughput(PeerFactory factory, int n, int workers, boolean batched)
      throws Exception {
    Path dir = Files.createTempDirectory("ilios-peer");
    Recorder rec = new Recorder(n);
    try (Peer peer = factory.start(dir, rec, workers)) {
      long start = System.nanoTime();
      if (batched) {
        List<Long> batch = new ArrayList<>(BATCH);
        for (long id = 0; id < n; id++) {
          batch.add(id);
          if (batch.size() == BATCH || id == n - 1) {
            peer.submitBatch(batch);
            batch = new ArrayList<>(BATCH);
          }
        }
      } else {
        for (long id = 0; id < n; id++) {
          peer.submit(id);
        }
      }
      if (!rec.all.await(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("not all jobs started within 10 minutes");
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Thread.sleep(200); // a job that would run twice has the time to
      return rec.notOnce() == 0 ? n / seconds : -1;
    } finally {
      Bench.delete(dir);
    }
  }

  /** Submit → start latency at a steady rate: p50, p99 (ms) and jobs not run exactly once. */
  static double[] trickle(PeerFactory factory, int seconds, int workers) throws Exception {
    int n = seconds * TRICKLE_PER_SECOND;
    Path dir = Files.createTempDirectory("ilios-peer");
    Recorder rec = new Recorder(n);
    try (Peer peer = factory.start(dir, rec, workers)) {
      long period = TimeUnit.SECONDS.toNanos(1) / TRICKLE_PER_SECOND;
      long next = System.nanoTime();
      for (int i = 0; i < n; i++) {
        while (System.nanoTime() < next) {
          LockSupport.parkNanos(next - System.nanoTime());
        }
        rec.submitted[i] = System.nanoTime();
        peer.submit(i);
        next += period;
      }
      if (!rec.all.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("not all trickled jobs started");
      }
      Thread.sleep(200);
      long[] waits = new long[n];
      for (int i = 0; i < n; i++) {
        waits[i] = rec.started[i] - rec.submitted[i];
      }
      Arrays.sort(waits);
      return new double[] {
        waits[n / 2] / 1e6,
        waits[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / 1e6,
        rec.notOnce()
      };
    } finally {
      Bench.delete(dir);
    }
  }

  static Peer ilios(JobStore store, Path dir, Recorder rec, int workers) {
    Ilios ilios =
        Ilios.builder()
            .store(store)
            .blobs(LocalBlobStore.at(dir.resolve("blobs")))
            .ocr(new InstantOcr(null)) // needed even when only plain jobs run
            .workers(workers)
            .handle(
                NOOP,
                (id, job) -> {
                  rec.started(Long.parseLong(id));
                  return null;
                })
            .build();
    SubmitOptions options = SubmitOptions.defaults();
    return new Peer() {
      @Override
      public void submit(long id) {
        ilios.jobs().submit(NOOP, Long.toString(id), options);
      }

      @Override
      public void submitBatch(List<Long> ids) {
        ilios.jobs().submitAll(NOOP, ids.stream().map(String::valueOf).toList(), options);
      }

      @Override
      public void close() {
        ilios.close();
        store.close();
      }
    };
  }

  /**
   * Documents through the public API: a 4 KiB PDF each (its original goes to the blob store, its
   * job and document rows to the store), converted by a backend that returns one page at once.
   */
  static Peer iliosDocuments(JobStore store, Path dir, Recorder rec, int workers) {
    byte[] pdf = smallPdf();
    Ilios ilios =
        Ilios.builder()
            .store(store)
            .blobs(LocalBlobStore.at(dir.resolve("blobs")))
            .ocr(new InstantOcr(rec))
            .workers(workers)
            .build();
    SubmitOptions options = SubmitOptions.defaults();
    return new Peer() {
      @Override
      public void submit(long id) {
        ilios.jobs().submit(DocumentSource.of(pdf, id + ".pdf"), options);
      }

      @Override
      public void submitBatch(List<Long> ids) {
        List<DocumentSource> sources = new ArrayList<>(ids.size());
        for (long id : ids) {
          sources.add(DocumentSource.of(pdf, id + ".pdf"));
        }
        ilios.jobs().submitAll(sources, options);
      }

      @Override
      public void close() {
        ilios.close();
        store.close();
      }
    };
  }

  /** A one-page PDF of about 4 KiB (text padded with a comment). */
  static byte[] smallPdf() {
    String body =
        "%PDF-1.4\n1 0 obj <</Type/Catalog/Pages 2 0 R>> endobj\n"
            + "2 0 obj <</Type/Pages/Kids[3 0 R]/Count 1>> endobj\n"
            + "3 0 obj <</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>> endobj\n";
    String padding = "%" + "x".repeat(4096 - body.length() - 40) + "\n";
    return (body + padding + "trailer <</Root 1 0 R>>\n%%EOF\n")
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** Returns one page at once, recording (when given a recorder) when each conversion started. */
  static final class InstantOcr implements OcrBackend {
    private final Recorder rec;

    InstantOcr(Recorder rec) {
      this.rec = rec;
    }

    @Override
    public String name() {
      return "instant";
    }

    @Override
    public Set<String> supportedMimeTypes() {
      return Set.of("application/pdf");
    }

    @Override
    public OcrResult convert(OcrInput input) {
      String name = input.fileName();
      if (rec != null) {
        rec.started(Long.parseLong(name.substring(0, name.length() - 4)));
      }
      return new OcrResult(List.of("# page"), "instant-1", 0, 0, List.of(Duration.ZERO));
    }
  }

  /** A SQLite file in WAL mode with a busy timeout, as for any SQLite application with pools. */
  static DataSource sqliteSource(Path dir) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(10_000);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + dir.resolve("peer.db"));
    return ds;
  }

  /** A pooled data source on a new database of the server, a connection per worker and two. */
  static HikariDataSource postgresSource(PostgresServer server, int workers) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.newDatabase());
    config.setUsername("ilios");
    config.setMaximumPoolSize(workers + 4);
    return new HikariDataSource(config);
  }

  /**
   * db-scheduler: a {@code OneTimeTask}, 100 ms polling (its default of 10 s is for calendar work,
   * not a queue); on Postgres its lock-and-fetch polling ({@code SELECT … FOR UPDATE SKIP LOCKED}),
   * which its documentation recommends for throughput.
   */
  static Peer dbScheduler(
      DataSource ds, boolean sqlite, Recorder rec, int workers, boolean immediate)
      throws Exception {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      String time = sqlite ? "timestamp" : "timestamp with time zone";
      s.execute(
          "create table scheduled_tasks (task_name text not null, task_instance text not null,"
              + (sqlite ? " task_data blob," : " task_data bytea,")
              + " execution_time "
              + time
              + " not null, picked boolean not null,"
              + " picked_by text, last_success "
              + time
              + ", last_failure "
              + time
              + ","
              + " consecutive_failures int, last_heartbeat "
              + time
              + ", version bigint not null,"
              + " priority smallint, primary key (task_name, task_instance))");
      s.execute("create index execution_time_idx on scheduled_tasks (execution_time)");
      s.execute("create index last_heartbeat_idx on scheduled_tasks (last_heartbeat)");
      s.execute(
          "create index priority_execution_time_idx on scheduled_tasks"
              + " (priority desc, execution_time asc)");
    }
    OneTimeTask<Void> task =
        Tasks.oneTime("noop")
            .execute((instance, ctx) -> rec.started(Long.parseLong(instance.getId())));
    var builder =
        Scheduler.create(ds, task).threads(workers).pollingInterval(Duration.ofMillis(100));
    if (sqlite) {
      builder.jdbcCustomization(new SqliteCustomization());
    } else {
      builder.pollUsingLockAndFetch(0.5, 1.0);
    }
    if (immediate) {
      builder.enableImmediateExecution();
    }
    Scheduler scheduler = builder.build();
    scheduler.start();
    return new Peer() {
      @Override
      public void submit(long id) {
        scheduler.schedule(task.instance(Long.toString(id)), Instant.now());
      }

      @Override
      public void submitBatch(List<Long> ids) {
        List<TaskInstance<?>> batch = new ArrayList<>(ids.size());
        for (long id : ids) {
          batch.add(task.instance(Long.toString(id)));
        }
        scheduler.scheduleBatch(batch, Instant.now());
      }

      @Override
      public void close() {
        scheduler.stop();
        if (ds instanceof HikariDataSource h) {
          h.close();
        }
      }
    };
  }

  /**
   * JobRunr's background server on Postgres: one {@code enqueue} per job (a static method reference
   * it serialises), a stream of them for a batch; its poll interval at the 5 s floor the
   * open-source edition allows. Its JSON mapper is Jackson with JobRunr's own time module.
   */
  static Peer jobRunr(HikariDataSource ds, Recorder rec, int workers) {
    JobRunrJobs.recorder = rec;
    JobScheduler scheduler =
        JobRunr.configure()
            .useJsonMapper(new JacksonJsonMapper(false))
            .useStorageProvider(new PostgresStorageProvider(ds))
            .useBackgroundJobServer(
                BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                    .andWorkerCount(workers)
                    .andPollIntervalInSeconds(5))
            .initialize()
            .getJobScheduler();
    return new Peer() {
      @Override
      public void submit(long id) {
        scheduler.enqueue(() -> JobRunrJobs.run(id));
      }

      @Override
      public void submitBatch(List<Long> ids) {
        scheduler.enqueue(ids.stream(), id -> JobRunrJobs.run(id));
      }

      @Override
      public void close() {
        JobRunr.destroy();
        ds.close();
      }
    };
  }

  /** What JobRunr runs: a public static method, found again by name when the job starts. */
  public static final class JobRunrJobs {
    static volatile Recorder recorder;

    private JobRunrJobs() {}

    public static void run(long id) {
      recorder.started(id);
    }
  }

  /**
   * db-scheduler's generic SQL limits rows with {@code OFFSET 0 ROWS FETCH FIRST n ROWS ONLY},
   * which SQLite does not parse: the same queries with {@code LIMIT n}.
   */
  static final class SqliteCustomization extends DefaultJdbcCustomization {
    SqliteCustomization() {
      super(true);
    }

    @Override
    public String getName() {
      return "SQLite";
    }

    @Override
    public String getQueryLimitPart(int limit) {
      return " LIMIT " + limit;
    }
  }
}
