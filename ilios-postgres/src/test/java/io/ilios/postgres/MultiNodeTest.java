package io.ilios.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.Batch;
import io.ilios.BatchHandle;
import io.ilios.BatchStatus;
import io.ilios.Document;
import io.ilios.DocumentSource;
import io.ilios.DocumentStatus;
import io.ilios.Ilios;
import io.ilios.JobHandle;
import io.ilios.SubmitOptions;
import io.ilios.testing.ChildProcesses;
import io.ilios.testing.Documents;
import io.ilios.testing.FakeOcrBackend;
import io.ilios.testing.FaultyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several application nodes on one Postgres database: every job exactly once across nodes, a node
 * killed mid-work, and the server restarting under running nodes.
 */
class MultiNodeTest {
  static final Duration WAIT = Duration.ofMinutes(3);
  @RegisterExtension static final PostgresServerExtension postgres = new PostgresServerExtension();

  @TempDir Path dir;
  final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  /** A backend that counts executions per document and takes {@code millis} for each. */
  FakeOcrBackend counting(long millis) {
    return new FakeOcrBackend()
        .behaviour(
            (input, call) -> {
              runs.computeIfAbsent(input.fileName(), k -> new AtomicInteger()).incrementAndGet();
              if (millis > 0) {
                Thread.sleep(millis);
              }
              return FakeOcrBackend.describe(input);
            });
  }

  static List<DocumentSource> documents(String prefix, int n) {
    List<DocumentSource> docs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String name = prefix + "-" + i + ".pdf";
      docs.add(DocumentSource.of(Documents.pdf(name), name));
    }
    return docs;
  }

  static long query(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "ilios", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static void awaitCompleted(List<BatchHandle> batches) throws InterruptedException {
    for (BatchHandle b : batches) {
      Batch done = b.await(WAIT);
      assertThat(done.status())
          .as("batch %s: %s", b.id(), done.progress())
          .isEqualTo(BatchStatus.COMPLETED);
      assertThat(done.progress().failed()).isZero();
    }
  }

  @Test
  void threeNodesRunTenThousandJobsEachExactlyOnce() throws Exception {
    String url = postgres.server().newDatabase();
    FakeOcrBackend ocr = counting(0);
    List<BatchHandle> batches = new ArrayList<>();
    try (Nodes nodes = new Nodes()) {
      Ilios[] node = new Ilios[3];
      for (int i = 0; i < 3; i++) {
        node[i] = nodes.start(url, dir, ocr, 4, Duration.ofSeconds(30));
      }
      for (int b = 0; b < 20; b++) { // submitted from every node in turn
        batches.add(
            node[b % 3].jobs().submitBatch(documents("b" + b, 500), SubmitOptions.defaults()));
      }
      awaitCompleted(batches);
    }
    assertThat(runs).hasSize(10_000);
    assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(query(url, "SELECT count(*) FROM jobs WHERE status = 'COMPLETED' AND attempts = 1"))
        .isEqualTo(10_000);
    assertThat(query(url, "SELECT count(*) FROM usage")).isEqualTo(10_000);
    assertThat(query(url, "SELECT count(DISTINCT worker_id) FROM jobs"))
        .as("nodes that ran jobs")
        .isEqualTo(3);
  }

  @Test
  void theJobsOfANodeKilledMidWorkAreFinishedByTheOthersOnce() throws Exception {
    String url = postgres.server().newDatabase();
    Path starts = dir.resolve("child-starts.log");
    Path out = dir.resolve("child.out");
    Files.createDirectories(dir.resolve("blobs"));
    Process child =
        ChildProcesses.startJava(
            "256m",
            NodeChild.class,
            out,
            url,
            dir.toString(),
            "4",
            "1000",
            "3000",
            starts.toString());
    List<String> killedMidWork;
    try (Nodes nodes = new Nodes()) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(out) || !Files.readString(out).contains("node up")) {
        assertThat(child.isAlive()).as("child node running: %s", out).isTrue();
        assertThat(System.nanoTime()).as("child node up within 60 s").isLessThan(deadline);
        Thread.sleep(50);
      }
      Ilios a = nodes.start(url, dir, counting(100), 2, Duration.ofSeconds(3));
      Ilios b = nodes.start(url, dir, counting(100), 2, Duration.ofSeconds(3));
      BatchHandle batch = a.jobs().submitBatch(documents("k", 200), SubmitOptions.defaults());
      while (!Files.exists(starts) || Files.readAllLines(starts).size() < 4) {
        assertThat(System.nanoTime()).as("child took jobs within 60 s").isLessThan(deadline);
        Thread.sleep(20);
      }
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup, leases left behind
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      killedMidWork = Files.readAllLines(starts);

      awaitCompleted(List.of(batch));
      assertThat(
              b.documents().batch(SubmitOptions.DEFAULT_OWNER, batch.id()).progress().completed())
          .isEqualTo(200);
    }
    // Every document completed once: one usage record each, none twice.
    assertThat(query(url, "SELECT count(*) FROM usage")).isEqualTo(200);
    assertThat(query(url, "SELECT count(DISTINCT document_id) FROM usage")).isEqualTo(200);
    assertThat(Files.readAllLines(starts)).isEqualTo(killedMidWork); // the child stayed dead
    // What the child started and did not complete ran again on another node, as a new attempt.
    String startedByChild =
        killedMidWork.stream()
            .map(line -> "'" + line.substring("start ".length()) + "'")
            .collect(Collectors.joining(","));
    String finishedElsewhere =
        "SELECT count(*) FROM documents d JOIN jobs j ON j.id = d.job_id"
            + " WHERE d.file_name IN ("
            + startedByChild
            + ") AND j.worker_id NOT LIKE 'ilios-"
            + child.pid()
            + "-%'";
    long rerun = query(url, finishedElsewhere);
    assertThat(rerun).isGreaterThanOrEqualTo(1);
    assertThat(query(url, finishedElsewhere + " AND j.attempts >= 2")).isEqualTo(rerun);
  }

  @Test
  void nodesRecoverWhenTheServerRestartsMidRun() throws Exception {
    String url = postgres.server().newDatabase();
    FakeOcrBackend ocr = counting(10);
    try (Nodes nodes = new Nodes()) {
      Ilios a = nodes.start(url, dir, ocr, 2, Duration.ofSeconds(30));
      nodes.start(url, dir, ocr, 2, Duration.ofSeconds(30));
      BatchHandle batch = a.jobs().submitBatch(documents("r", 600), SubmitOptions.defaults());
      while (batch.status().progress().completed() < 100) {
        Thread.sleep(10);
      }
      postgres.server().stop(); // every connection of both nodes breaks
      Thread.sleep(1_000);
      postgres.server().start();
      awaitCompleted(List.of(batch));
    }
    assertThat(runs).hasSize(600);
    assertThat(query(url, "SELECT count(*) FROM jobs WHERE status = 'COMPLETED'")).isEqualTo(600);
    assertThat(query(url, "SELECT count(*) FROM usage")).isEqualTo(600);
    assertThat(query(url, "SELECT count(DISTINCT document_id) FROM usage")).isEqualTo(600);
  }

  /**
   * Node A (no workers) submits one document; node B polls once an hour, so only a notification can
   * make it start the job soon. Returns the document as B sees it after {@code wait}.
   */
  Document submitToAnHourlyPoller(boolean listen, Duration wait) throws Exception {
    String url = postgres.server().newDatabase();
    try (Nodes nodes = new Nodes()) {
      Ilios submitter = nodes.start(url, dir, counting(0), 0, Duration.ofSeconds(30));
      PostgresJobStore store =
          PostgresJobStore.builder().jdbcUrl(url).user("ilios").poolSize(4).listen(listen).build();
      FaultyStore counted = new FaultyStore(store); // never faulty here: it counts claims
      Ilios worker =
          nodes.keep(
              store,
              Nodes.builder(counted, dir, counting(0), 2, Duration.ofSeconds(30))
                  .pollInterval(Duration.ofHours(1))
                  .build());
      while (counted.claims.get() == 0) {
        Thread.onSpinWait(); // its first poll; from now on it polls once an hour
      }
      JobHandle job =
          submitter
              .jobs()
              .submit(
                  DocumentSource.of(Documents.pdf("wake"), "wake.pdf"), SubmitOptions.defaults());
      return worker.documents().await(SubmitOptions.DEFAULT_OWNER, job.documentId(), wait);
    }
  }

  @Test
  void aSubmitOnOneNodeWakesAnIdleWorkerOnAnotherWithoutAPoll() throws Exception {
    assertThat(submitToAnHourlyPoller(true, Duration.ofSeconds(10)).status())
        .isEqualTo(DocumentStatus.COMPLETED);
  }

  @Test
  void withoutNotificationsTheJobWaitsForAPoll() throws Exception {
    // The control case: the same set-up without LISTEN leaves the job waiting.
    assertThat(submitToAnHourlyPoller(false, Duration.ofSeconds(3)).status())
        .isEqualTo(DocumentStatus.PENDING);
  }
}
