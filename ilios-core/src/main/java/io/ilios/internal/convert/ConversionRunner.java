package io.ilios.internal.convert;

import io.ilios.ConversionMetadata;
import io.ilios.Cost;
import io.ilios.OcrException;
import io.ilios.Operation;
import io.ilios.PriceTable;
import io.ilios.internal.Text;
import io.ilios.internal.json.Json;
import io.ilios.internal.worker.JobExecutor;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.ConversionRecord;
import io.ilios.spi.OcrBackend;
import io.ilios.spi.OcrInput;
import io.ilios.spi.OcrResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs {@code convert} jobs, and the conversion behind them: reads the original (from the blob
 * store or the job store), runs the OCR backend, prices the result. Synchronous conversions run
 * {@link #convert} directly.
 */
public final class ConversionRunner implements JobExecutor {
  public static final String TYPE = "convert";

  /** What a convert job works on, stored as the job's payload; {@code batchId} may be null. */
  public record Payload(
      String documentId,
      String batchId,
      Operation operation,
      String blob,
      String fileName,
      String mimeType,
      long size) {}

  private final Originals originals;
  private final OcrBackend backend;
  private final PriceTable prices;
  private final Path tempDirectory;

  public ConversionRunner(
      Originals originals, OcrBackend backend, PriceTable prices, Path tempDirectory) {
    this.originals = originals;
    this.backend = backend;
    this.prices = prices;
    this.tempDirectory = tempDirectory;
  }

  @Override
  public Result execute(ClaimedJob job) throws InterruptedException {
    Payload p = Json.read(job.payload(), Payload.class);
    return new Result(
        p.documentId(), Optional.of(convert(p, job.owner(), originals.opener(p.blob()))));
  }

  /**
   * Converts the document the payload names and returns what to store with it.
   *
   * @throws OcrException if the backend returns no pages (not retried)
   */
  public ConversionRecord convert(Payload p, String owner, OcrInput.Opener original)
      throws InterruptedException {
    OcrInput input = new OcrInput(p.fileName(), p.mimeType(), p.size(), original, tempDirectory);
    long start = System.nanoTime();
    OcrResult r = backend.convert(input);
    if (r == null || r.pages().isEmpty()) {
      throw new OcrException(backend.name(), "returned no pages for " + p.fileName(), false);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Cost cost =
        prices.cost(backend.name(), r.model(), r.pages().size(), r.inputTokens(), r.outputTokens());
    ConversionMetadata metadata =
        new ConversionMetadata(
            r.model(),
            r.pages().size(),
            Duration.ofMillis(took.toMillis()),
            r.inputTokens(),
            r.outputTokens(),
            cost,
            r.pageTimes());
    List<String> pages = new ArrayList<>(r.pages().size());
    for (String page : r.pages()) {
      pages.add(Text.storable(page)); // a NUL from a text layer would poison the whole result
    }
    return new ConversionRecord(
        p.documentId(), owner, p.operation(), backend.name(), pages, metadata);
  }
}
