package io.ilios.cli;

import io.ilios.Batch;
import io.ilios.BatchHandle;
import io.ilios.DocumentSource;
import io.ilios.ExportFormat;
import io.ilios.InvalidDocumentException;
import io.ilios.SubmitOptions;
import io.ilios.internal.convert.MimeTypes;
import io.ilios.internal.wire.Shapes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ilios batch}: queues files as one batch, runs them on the worker pool, writes JSONL. */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description =
        "Queues files (folders are searched) as one batch, converts them with the worker pool,"
            + " shows progress, and writes one JSON line per document (JSONL).")
final class BatchCommand implements Callable<Integer> {
  @Mixin Settings settings;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "0..*",
      paramLabel = "FILE|DIR",
      description = "Files, or folders searched for PDFs and images.")
  List<Path> inputs = new ArrayList<>();

  @Option(
      names = "--resume",
      paramLabel = "BATCH_ID",
      description =
          "Finish a batch queued by an earlier run that stopped (a crash, Ctrl-C): convert what is"
              + " left and write the output.")
  String resume;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the JSONL here (default: stdout).")
  Path out;

  @Option(names = "--priority", paramLabel = "N", description = "0-10, higher first (default 5).")
  int priority = SubmitOptions.DEFAULT_PRIORITY;

  @Option(
      names = "--retention-days",
      paramLabel = "N",
      description = "Keep the documents this long, 1-3650 (default 365).")
  int retentionDays = SubmitOptions.DEFAULT_RETENTION_DAYS;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description = "Give up waiting after this long, e.g. PT30M (default PT1H).")
  Duration timeout = Duration.ofHours(1);

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (resume != null && !inputs.isEmpty()) {
      throw new IllegalArgumentException("give files to queue, or --resume BATCH_ID, not both");
    }
    if (resume == null && inputs.isEmpty()) {
      throw new IllegalArgumentException("give files or folders to queue, or --resume BATCH_ID");
    }
    int workers = settings.workerCount();
    if (workers < 1) {
      throw new IllegalArgumentException(
          "a batch needs at least one worker; --workers/ILIOS_WORKERS was " + workers);
    }
    SubmitOptions options =
        settings.options().priority(priority).retentionDays(retentionDays).build();
    int refused = 0;
    List<DocumentSource> sources = new ArrayList<>();
    if (resume == null) {
      List<Path> files = expand(inputs);
      if (files.isEmpty()) {
        throw new IllegalArgumentException("no files found in " + inputs);
      }
      for (Path f : files) {
        if (Files.isRegularFile(f) && Files.isReadable(f)) {
          sources.add(DocumentSource.of(f));
        } else {
          err.println("ilios: " + f + ": cannot read it (missing, a folder, or not readable)");
          refused++;
        }
      }
    }
    try (Settings.Session s = settings.open(workers, err)) {
      String batchId;
      if (resume != null) {
        batchId = s.ilios().documents().batch(options.owner(), resume).id(); // NotFound if unknown
        err.println("batch " + batchId + ": resuming");
      } else {
        Queued queued = queue(s, sources, options, err);
        refused += queued.refused();
        if (queued.batch() == null) {
          err.println("ilios: batch not queued: no document was accepted");
          return IliosCommand.FAILED;
        }
        batchId = queued.batch().id();
        err.println(
            "batch "
                + batchId
                + ": "
                + queued.count()
                + " documents queued (if this run stops, finish it with: ilios batch --resume "
                + batchId
                + ")");
      }
      Batch done = follow(s, options.owner(), batchId, err);
      write(s, options.owner(), batchId);
      int failed = done.progress().failed() + done.progress().cancelled() + refused;
      err.printf(
          "batch %s %s: %d completed, %d failed%s%n",
          batchId,
          Shapes.lower(done.status().name()),
          done.progress().completed(),
          failed,
          out == null ? "" : " (results in " + out + ")");
      return failed == 0 && done.status().isTerminal() ? 0 : IliosCommand.FAILED;
    }
  }

  /** What was queued: the batch (null when nothing was accepted), its size, and refusals. */
  private record Queued(BatchHandle batch, int count, int refused) {}

  /**
   * Queues the documents as one batch. A batch is all or nothing, so a document refused at upload
   * (empty, corrupt, of another type) is reported, left out, and the rest queued again.
   */
  private Queued queue(
      Settings.Session s, List<DocumentSource> sources, SubmitOptions options, PrintWriter err)
      throws InterruptedException {
    List<DocumentSource> left = new ArrayList<>(sources);
    int refused = 0;
    while (!left.isEmpty()) {
      try {
        return new Queued(s.ilios().jobs().submitBatch(left, options), left.size(), refused);
      } catch (InvalidDocumentException e) {
        int bad = named(left, e.getMessage());
        if (bad < 0) {
          throw e;
        }
        err.println("ilios: " + e.getMessage());
        left.remove(bad);
        refused++;
      }
    }
    return new Queued(null, 0, refused);
  }

  /** The first source whose file name starts the message; -1 if none does. */
  private static int named(List<DocumentSource> sources, String message) {
    for (int i = 0; i < sources.size(); i++) {
      if (message != null && message.startsWith(sources.get(i).fileName())) {
        return i;
      }
    }
    return -1;
  }

  private void write(Settings.Session s, String owner, String batchId) throws IOException {
    if (out != null) {
      try (OutputStream o = Files.newOutputStream(out)) {
        s.ilios().documents().exportBatch(owner, batchId, ExportFormat.JSONL, o);
      }
      return;
    }
    // Through a temporary file, so stdout gets text lines and memory stays flat.
    Path tmpDir = Files.createDirectories(settings.dataDirectory().resolve("tmp"));
    Path tmp = Files.createTempFile(tmpDir, "ilios-", ".jsonl");
    try {
      try (OutputStream o = Files.newOutputStream(tmp)) {
        s.ilios().documents().exportBatch(owner, batchId, ExportFormat.JSONL, o);
      }
      PrintWriter stdout = spec.commandLine().getOut();
      try (BufferedReader lines = Files.newBufferedReader(tmp, StandardCharsets.UTF_8)) {
        for (String line; (line = lines.readLine()) != null; ) {
          stdout.println(line);
        }
      }
      stdout.flush();
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private Batch follow(Settings.Session s, String owner, String batchId, PrintWriter err)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Batch now = s.ilios().documents().batch(owner, batchId);
    try (Progress progress = Progress.on(err, Progress.isTerminal(), now.progress().total())) {
      while (true) {
        progress.update(now.progress());
        if (now.status().isTerminal() || System.nanoTime() > deadline) {
          return now;
        }
        now = s.ilios().documents().awaitBatch(owner, batchId, Duration.ofMillis(250));
      }
    }
  }

  /**
   * Files as given; folders searched for documents (by extension: .pdf, .png, .jpg, .tiff, …),
   * skipping hidden files, in name order.
   */
  static List<Path> expand(List<Path> inputs) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path p : inputs) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(Files::isRegularFile)
              .filter(f -> !f.getFileName().toString().startsWith("."))
              .filter(f -> MimeTypes.claimedBy(f.getFileName().toString()).isPresent())
              .sorted()
              .forEach(files::add);
        }
      } else {
        files.add(p);
      }
    }
    return files;
  }
}
