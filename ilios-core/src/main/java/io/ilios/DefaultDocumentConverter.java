package io.ilios;

import io.ilios.internal.convert.ConversionRunner;
import io.ilios.internal.convert.Originals;
import io.ilios.internal.convert.Uploader;
import io.ilios.internal.events.JobEnds;
import io.ilios.internal.json.Json;
import io.ilios.internal.worker.Failures;
import io.ilios.spi.BlobStore;
import io.ilios.spi.ConversionRecord;
import io.ilios.spi.JobStore;
import io.ilios.spi.NewDocument;
import io.ilios.spi.NewJob;
import io.ilios.spi.OcrInput;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The {@link DocumentConverter} of an {@link Ilios}: see there. Thread-safe. */
final class DefaultDocumentConverter implements DocumentConverter {
  private final JobStore store;
  private final JobEnds ends;
  private final BlobStore blobs;
  private final Uploader uploader;
  private final ConversionRunner conversions;
  private final ExecutorService threads;
  private final Semaphore slots;
  private final Clock clock;

  /**
   * @param threads runs conversions; must grow as needed (a conversion stuck past its timeout keeps
   *     its thread, and must not take a slot from the next caller)
   * @param maxConcurrent conversions running at once; a stuck one gives its slot back at its
   *     timeout
   */
  DefaultDocumentConverter(
      JobStore store,
      BlobStore blobs,
      Uploader uploader,
      ConversionRunner conversions,
      ExecutorService threads,
      int maxConcurrent,
      Clock clock,
      JobEnds ends) {
    this.ends = ends;
    this.store = store;
    this.blobs = blobs;
    this.uploader = uploader;
    this.conversions = conversions;
    this.threads = threads;
    this.slots = new Semaphore(maxConcurrent, true);
    this.clock = clock;
  }

  @Override
  public Conversion convert(DocumentSource source, SubmitOptions options)
      throws InterruptedException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(options, "options");
    if (options.idempotencyKey().isPresent()) {
      throw new IllegalArgumentException("idempotency keys apply to queued jobs, not to convert()");
    }
    if (options.followUpType().isPresent()) {
      throw new IllegalArgumentException(
          "follow-ups apply to queued documents and batches, not to convert()");
    }
    Uploader.Upload upload = uploader.upload(source, Uploader.Budget.perSubmit());
    boolean stored = false;
    try {
      Instant submitted = clock.instant();
      String id = UUID.randomUUID().toString();
      String key = upload.inStore() ? Originals.inStore(id) : upload.blob();
      ConversionRunner.Payload payload =
          new ConversionRunner.Payload(
              id,
              null,
              Operation.CONVERT,
              key,
              upload.fileName(),
              upload.mimeType(),
              upload.size());
      OcrInput.Opener original =
          upload.inStore()
              ? () -> new ByteArrayInputStream(upload.bytes())
              : () -> blobs.get(upload.blob());
      ConversionRecord record = run(payload, original, options);
      NewDocument doc =
          new NewDocument(
              id,
              Optional.empty(),
              0,
              upload.fileName(),
              upload.mimeType(),
              upload.size(),
              key,
              options.retentionDays(),
              new NewJob(
                  options.owner(),
                  ConversionRunner.TYPE,
                  options.priority(),
                  1,
                  options.timeout(),
                  Json.write(payload),
                  Optional.empty(),
                  submitted),
              Optional.ofNullable(upload.bytes()));
      Document saved = store.saveConversion(doc, record, clock.instant());
      stored = true;
      ends.converted(saved);
      return new Conversion(saved, record.pages());
    } finally {
      if (!stored && !upload.inStore()) {
        blobs.delete(upload.blob());
      }
    }
  }

  private ConversionRecord run(
      ConversionRunner.Payload payload, OcrInput.Opener original, SubmitOptions options)
      throws InterruptedException {
    long deadline = System.nanoTime() + options.timeout().toNanos();
    if (!slots.tryAcquire(options.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
      throw new ConversionException(
          payload.fileName()
              + ": waited "
              + options.timeout().toMillis()
              + " ms for one of the conversion slots (maxConcurrentConversions)",
          true,
          null);
    }
    Future<ConversionRecord> f;
    try {
      f = threads.submit(() -> conversions.convert(payload, options.owner(), original));
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
    try {
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new ConversionException(
          payload.fileName()
              + ": conversion timed out after "
              + options.timeout().toMillis()
              + " ms",
          true,
          e);
    } catch (InterruptedException e) {
      f.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InvalidDocumentException invalid) {
        throw invalid;
      }
      if (cause instanceof OcrException ocr) {
        throw new ConversionException(
            payload.fileName() + ": " + ocr.getMessage(), ocr.retryable(), ocr);
      }
      throw new ConversionException(
          payload.fileName() + ": backend failed: " + cause, Failures.retryable(cause), cause);
    } finally {
      slots.release(); // also when the conversion ignores its interrupt and keeps its thread
    }
  }
}
