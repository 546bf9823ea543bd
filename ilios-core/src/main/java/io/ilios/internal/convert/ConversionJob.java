package io.ilios.internal.convert;

import io.ilios.Conversion;
import io.ilios.Cost;
import io.ilios.PriceTable;
import io.ilios.internal.json.Json;
import io.ilios.internal.worker.JobExecutor;
import io.ilios.spi.BlobStore;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.OcrBackend;
import io.ilios.spi.OcrException;
import io.ilios.spi.OcrInput;
import io.ilios.spi.OcrResult;
import java.time.Duration;
import java.util.List;

/** The {@code convert} job: reads the original from the blob store and runs the OCR backend. */
public final class ConversionJob implements JobExecutor {
  public static final String TYPE = "convert";

  /** What a convert job works on, stored as the job's payload. */
  public record Payload(String blob, String fileName, String mimeType, long size) {}

  /** What a convert job produced, stored as the job's result. */
  public record Result(
      String model,
      List<String> pages,
      long inputTokens,
      long outputTokens,
      long processingTimeMs,
      long baseCostMicros,
      int marginBasisPoints) {

    public Conversion toConversion() {
      return new Conversion(
          pages,
          model,
          inputTokens,
          outputTokens,
          Duration.ofMillis(processingTimeMs),
          Cost.of(baseCostMicros, marginBasisPoints));
    }
  }

  private final BlobStore blobs;
  private final OcrBackend backend;
  private final PriceTable prices;

  public ConversionJob(BlobStore blobs, OcrBackend backend, PriceTable prices) {
    this.blobs = blobs;
    this.backend = backend;
    this.prices = prices;
  }

  @Override
  public String execute(ClaimedJob job) throws InterruptedException {
    Payload p = Json.read(job.payload(), Payload.class);
    OcrInput input = new OcrInput(p.fileName(), p.mimeType(), p.size(), () -> blobs.get(p.blob()));
    long start = System.nanoTime();
    OcrResult r = backend.convert(input);
    if (r == null || r.pages().isEmpty()) {
      throw new OcrException(backend.name(), "returned no pages for " + p.fileName(), false);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    Cost cost =
        prices.cost(backend.name(), r.model(), r.pages().size(), r.inputTokens(), r.outputTokens());
    return Json.write(
        new Result(
            r.model(),
            r.pages(),
            r.inputTokens(),
            r.outputTokens(),
            ms,
            cost.baseMicros(),
            cost.marginBasisPoints()));
  }
}
