package io.ilios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ilios.JobCounts;
import io.ilios.store.SqliteJobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The command with bad inputs, bad settings, a fresh data folder, and a run killed mid-batch. */
class CliFaultsTest extends CommandTestBase {
  @Test
  void convertReportsAMissingAndAnEmptyFileAndStillConvertsTheRest() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.pdf"));
    Cli.Run r =
        run(
            "convert",
            dir.resolve("missing.pdf").toString(),
            empty.toString(),
            sample("report.pdf"));
    assertThat(r.code()).isEqualTo(IliosCommand.FAILED);
    assertThat(r.out()).contains("# Quarterly Report");
    assertThat(r.err()).contains("missing.pdf").contains("empty.pdf is empty");
  }

  @Test
  void aBatchLeavesOutRefusedAndUnreadableInputsAndConvertsTheRest() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.pdf"));
    Path mislabeled = Files.copy(Path.of(sample("note.png")), dir.resolve("note.pdf"));
    Cli.Run r =
        run(
            "batch",
            dir.resolve("missing.pdf").toString(),
            empty.toString(),
            mislabeled.toString(),
            sample("report.pdf"),
            sample("two-columns.pdf"));
    assertThat(r.code()).as(r.err()).isEqualTo(IliosCommand.FAILED);
    assertThat(r.out().lines()).hasSize(2);
    assertThat(r.err())
        .contains("missing.pdf: cannot read it")
        .contains("empty.pdf is empty")
        .contains("note.pdf is named as application/pdf")
        .contains("2 documents queued")
        .contains("2 completed, 3 failed");
  }

  @Test
  void aBatchWithNoWorkersIsAUsageErrorNotAHang() {
    env.put("ILIOS_WORKERS", "0");
    Cli.Run r = run("batch", sample("report.pdf"));
    assertThat(r.code()).isEqualTo(IliosCommand.USAGE);
    assertThat(r.err()).contains("a batch needs at least one worker");
    env.put("ILIOS_WORKERS", "-3");
    assertThat(run("batch", sample("report.pdf")).code()).isEqualTo(IliosCommand.USAGE);
  }

  @Test
  void aBatchOfImagesOnAFreshDataFolderWritesItsOutput() throws Exception {
    env.put("ILIOS_DATA_DIR", dir.resolve("fresh").toString());
    Cli.Run r = run("batch", sample("note.png"));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(JSON.readTree(r.out().lines().findFirst().orElseThrow()).get("status").asText())
        .isEqualTo("completed");
  }

  @Test
  void aBatchKilledMidwayIsFinishedByResumeWithEveryDocumentConvertedOnce() throws Exception {
    int n = 24;
    Path inbox = Files.createDirectories(dir.resolve("inbox"));
    for (int i = 0; i < n; i++) {
      Files.copy(Path.of(sample("report.pdf")), inbox.resolve(String.format("doc-%02d.pdf", i)));
    }
    Path data = dir.resolve("data");
    Path log = dir.resolve("child.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "batch",
                inbox.toString(),
                "--out",
                dir.resolve("never.jsonl").toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("ILIOS_DATA_DIR", data.toString());
    pb.environment().put("ILIOS_WORKERS", "1");
    Process child = pb.start();
    String batchId;
    try {
      batchId = awaitBatchId(log, child);
      // Kill it once some documents are done and some are not.
      try (SqliteJobStore store = SqliteJobStore.open(data.resolve("ilios.db"))) {
        JobCounts c = store.counts();
        while ((c.completed() < 3 || c.processing() == 0) && child.isAlive()) {
          Thread.onSpinWait();
          c = store.counts();
        }
      }
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful close
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    try (SqliteJobStore store = SqliteJobStore.open(data.resolve("ilios.db"))) {
      JobCounts left = store.counts();
      assertThat(left.completed()).as("killed mid-way").isLessThan(n);
      // The job it was running stays leased for a minute unless the next run sees its process is
      // gone; the resumed run below would then wait out the lease (its timeout is shorter).
      assertThat(left.processing()).as("a job was running when it was killed").isEqualTo(1);
    }

    Path out = dir.resolve("results.jsonl");
    Cli.Run resumed =
        run("batch", "--resume", batchId, "--out", out.toString(), "--timeout", "PT50S");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(n);
    Set<String> names = new HashSet<>();
    for (String line : lines) {
      JsonNode doc = JSON.readTree(line);
      assertThat(doc.get("status").asText()).isEqualTo("completed");
      names.add(doc.get("fileName").asText());
    }
    assertThat(names).hasSize(n);
    JsonNode usage = JSON.readTree(run("usage", "--format", "json").out());
    assertThat(usage.get("totalOperations").asInt()).as("one usage record each").isEqualTo(n);
  }

  private static String awaitBatchId(Path log, Process child) throws Exception {
    Pattern queued = Pattern.compile("batch (\\S+): \\d+ documents queued");
    while (true) {
      if (Files.exists(log)) {
        Matcher m = queued.matcher(Files.readString(log));
        if (m.find()) {
          return m.group(1);
        }
      }
      if (!child.isAlive()) {
        throw new AssertionError("the batch ended before queueing: " + Files.readString(log));
      }
      Thread.onSpinWait();
    }
  }
}
