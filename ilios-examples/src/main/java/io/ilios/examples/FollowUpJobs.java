package io.ilios.examples;

import io.ilios.Conversion;
import io.ilios.Ilios;
import io.ilios.Job;
import io.ilios.JobFailedException;
import io.ilios.JobType;
import io.ilios.SubmitOptions;
import io.ilios.local.LocalConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plain jobs (docs/plain-jobs.md): converts a PDF now, then queues a follow-up job of the
 * application's own, "count-words", which the worker pool runs with its handler (durably, with
 * retries), and prints its result.
 */
public final class FollowUpJobs {
  /** What the follow-up job works on: a converted document, and where to write its word count. */
  public record CountWords(String owner, String documentId, String output) {}

  static final JobType<CountWords> COUNT_WORDS = JobType.json("count-words", CountWords.class);

  private FollowUpJobs() {}

  public static void main(String[] args) throws Exception {
    Path pdf = Path.of(args.length > 0 ? args[0] : "docs/samples/report.pdf");
    AtomicReference<Ilios> self = new AtomicReference<>(); // the handler reads documents back
    try (Ilios ilios =
        Ilios.builder()
            .ocr(LocalConverter.create())
            .handle(
                COUNT_WORDS,
                (job, context) -> {
                  String markdown =
                      self.get()
                          .documents()
                          .conversion(job.owner(), job.documentId())
                          .map(Conversion::markdown)
                          .orElseThrow(() -> JobFailedException.permanent("not converted"));
                  long words = markdown.split("\\s+").length;
                  Files.writeString(Path.of(job.output()), words + "\n");
                  return Long.toString(words);
                })
            .build()) {
      self.set(ilios);
      Conversion converted = ilios.converter().convert(pdf);
      SubmitOptions options = SubmitOptions.defaults();
      CountWords count = new CountWords(options.owner(), converted.id(), "word-count.txt");
      long id = ilios.jobs().submit(COUNT_WORDS, count, options);
      Job done = ilios.jobs().await(options.owner(), id, Duration.ofMinutes(1));
      System.out.println(pdf + ": " + done.status() + ", " + done.result().orElse("-") + " words");
    }
  }
}
