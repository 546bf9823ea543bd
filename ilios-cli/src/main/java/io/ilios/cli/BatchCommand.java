package io.ilios.cli;

import io.ilios.Batch;
import io.ilios.BatchHandle;
import io.ilios.DocumentSource;
import io.ilios.ExportFormat;
import io.ilios.IliosException;
import io.ilios.SubmitOptions;
import io.ilios.internal.convert.MimeTypes;
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
      arity = "1..*",
      paramLabel = "FILE|DIR",
      description = "Files, or folders searched for PDFs and images.")
  List<Path> inputs;

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
    SubmitOptions options =
        settings.options().priority(priority).retentionDays(retentionDays).build();
    List<Path> files = expand(inputs);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no files found in " + inputs);
    }
    List<DocumentSource> sources = new ArrayList<>();
    for (Path f : files) {
      sources.add(DocumentSource.of(f));
    }
    try (Settings.Session s = settings.open(settings.workerCount(), err)) {
      BatchHandle batch;
      try {
        batch = s.ilios().jobs().submitBatch(sources, options);
      } catch (IliosException e) {
        err.println("ilios: batch not queued: " + e.getMessage());
        return IliosCommand.FAILED;
      }
      err.println("batch " + batch.id() + ": " + files.size() + " documents queued");
      Batch done = follow(batch, err);
      if (out != null) {
        try (OutputStream o = Files.newOutputStream(out)) {
          batch.export(ExportFormat.JSONL, o);
        }
      } else {
        // Through a temporary file, so stdout gets text lines and memory stays flat.
        Path tmp =
            Files.createTempFile(settings.dataDirectory().resolve("tmp"), "ilios-", ".jsonl");
        try {
          try (OutputStream o = Files.newOutputStream(tmp)) {
            batch.export(ExportFormat.JSONL, o);
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
      int failed = done.progress().failed() + done.progress().cancelled();
      err.printf(
          "batch %s %s: %d completed, %d failed%s%n",
          batch.id(),
          Shapes.lower(done.status().name()),
          done.progress().completed(),
          failed,
          out == null ? "" : " (results in " + out + ")");
      return failed == 0 && done.status().isTerminal() ? 0 : IliosCommand.FAILED;
    }
  }

  private Batch follow(BatchHandle batch, PrintWriter err) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Batch now = batch.status();
    try (Progress progress = Progress.on(err, Progress.isTerminal(), now.progress().total())) {
      while (true) {
        progress.update(now.progress());
        if (now.status().isTerminal() || System.nanoTime() > deadline) {
          return now;
        }
        now = batch.await(Duration.ofMillis(250));
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
