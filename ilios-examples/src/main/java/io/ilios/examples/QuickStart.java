package io.ilios.examples;

import io.ilios.DocumentSource;
import io.ilios.Ilios;
import io.ilios.Job;
import io.ilios.JobHandle;
import io.ilios.SubmitOptions;
import io.ilios.blob.LocalBlobStore;
import io.ilios.spi.OcrBackend;
import io.ilios.spi.OcrInput;
import io.ilios.spi.OcrResult;
import io.ilios.store.SqliteJobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Submits documents to the durable job queue, lets the worker pool run them, and prints the
 * results. Until the embedded converter ({@code ilios-local}) exists, the backend here only
 * inspects each file (detected type and size): the point is the queue, not the OCR.
 *
 * <p>Run with no arguments to process two generated sample files, or pass file paths.
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of("data");
    List<Path> files = new ArrayList<>();
    for (String a : args) {
      files.add(Path.of(a));
    }
    if (files.isEmpty()) {
      files.addAll(writeSamples(data.resolve("samples")));
    }
    try (SqliteJobStore store = SqliteJobStore.open(data.resolve("ilios.db"));
        Ilios ilios =
            Ilios.builder()
                .store(store)
                .blobs(LocalBlobStore.at(data.resolve("blobs")))
                .ocr(new InspectingBackend())
                .workers(2)
                .build()) {
      List<JobHandle> jobs = new ArrayList<>();
      for (Path f : files) {
        jobs.add(ilios.jobs().submit(DocumentSource.of(f), SubmitOptions.defaults()));
      }
      for (JobHandle h : jobs) {
        Job job = h.await(Duration.ofMinutes(1));
        System.out.printf("job %d: %s after %d attempt(s)%n", h.id(), job.status(), job.attempts());
        h.conversion().ifPresent(c -> System.out.println(c.markdown() + "\n"));
        job.error().ifPresent(e -> System.out.println("  error: " + e));
      }
      System.out.println("queue: " + ilios.jobs().counts());
    }
  }

  private static List<Path> writeSamples(Path dir) throws IOException {
    Files.createDirectories(dir);
    String pdf =
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
            + "2 0 obj << /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >> endobj\n"
            + "3 0 obj << /Type /Page /Parent 2 0 R >> endobj\n"
            + "4 0 obj << /Type /Page /Parent 2 0 R >> endobj\n%%EOF\n";
    Path a = Files.writeString(dir.resolve("two-pages.pdf"), pdf, StandardCharsets.US_ASCII);
    byte[] png = new byte[32];
    byte[] sig = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    System.arraycopy(sig, 0, png, 0, sig.length);
    Path b = Files.write(dir.resolve("image.png"), png);
    return List.of(a, b);
  }

  /** Reports what a file is, without converting it. */
  static final class InspectingBackend implements OcrBackend {
    @Override
    public String name() {
      return "inspect";
    }

    @Override
    public Set<String> supportedMimeTypes() {
      return Set.of(
          "application/pdf",
          "image/png",
          "image/jpeg",
          "image/tiff",
          "image/webp",
          "image/gif",
          "image/bmp");
    }

    @Override
    public OcrResult convert(OcrInput input) {
      try (InputStream in = input.openStream()) {
        long size = in.transferTo(OutputStream.nullOutputStream());
        String md =
            "# "
                + input.fileName()
                + "\n\n- type: "
                + input.mimeType()
                + "\n- size: "
                + size
                + " bytes";
        return new OcrResult(List.of(md), "inspect-0", 0, 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
