package io.ilios.jmh;

import io.ilios.Batch;
import io.ilios.BatchHandle;
import io.ilios.DocumentSource;
import io.ilios.ExportFormat;
import io.ilios.Ilios;
import io.ilios.SubmitOptions;
import io.ilios.blob.LocalBlobStore;
import io.ilios.store.SqliteJobStore;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One batch of N tiny documents through the public API (a one-page 4 KiB PDF each, a backend that
 * answers at once, 4 workers, SQLite): time to submit, to run and to export it as JSONL, per
 * document, for growing N, and how long a progress read takes while it runs (wall time, which on
 * two busy cores is mostly waiting for a core and for the store, and the CPU time of the read
 * itself). Time per document that stays flat as N grows is what "linear in its size" means.
 *
 * <pre>
 * java -cp ilios-jmh/target/benchmarks.jar io.ilios.jmh.LargeBatchBenchmark 12500 25000 50000 100000
 * </pre>
 */
public final class LargeBatchBenchmark {
  private LargeBatchBenchmark() {}

  public static void main(String[] args) throws Exception {
    int[] sizes =
        args.length == 0
            ? new int[] {12_500, 25_000, 50_000, 100_000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.printf(
        "| %8s | %14s | %14s | %14s | %26s | %26s |%n",
        "documents",
        "submit µs/doc",
        "run µs/doc",
        "export µs/doc",
        "progress read p50 / p99",
        "its CPU time p50 / p99");
    System.out.println("|---:|---:|---:|---:|---:|---:|");
    for (int n : sizes) {
      run(n);
    }
  }

  static long percentile(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)];
  }

  static void run(int n) throws Exception {
    Path dir = Files.createTempDirectory("ilios-large-batch");
    byte[] pdf = PeerBenchmark.smallPdf();
    try (Ilios ilios =
        Ilios.builder()
            .store(SqliteJobStore.open(dir.resolve("ilios.db")))
            .blobs(LocalBlobStore.at(dir.resolve("blobs")))
            .ocr(new PeerBenchmark.InstantOcr(null))
            .workers(4)
            .build()) {
      List<DocumentSource> sources = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        sources.add(DocumentSource.of(pdf, i + ".pdf"));
      }
      long t0 = System.nanoTime();
      BatchHandle batch = ilios.jobs().submitBatch(sources, SubmitOptions.defaults());
      long t1 = System.nanoTime();
      // Progress is read as a busy dashboard would, a thousand times a second while it runs.
      long[] reads = new long[1 << 20];
      long[] cpu = new long[reads.length];
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      int[] count = {0};
      AtomicBoolean done = new AtomicBoolean();
      Thread reader =
          new Thread(
              () -> {
                while (!done.get() && count[0] < reads.length) {
                  long c = threads.getCurrentThreadCpuTime();
                  long s = System.nanoTime();
                  Batch b = batch.status();
                  reads[count[0]] = System.nanoTime() - s;
                  cpu[count[0]++] = threads.getCurrentThreadCpuTime() - c;
                  if (b.status().isTerminal()) {
                    break;
                  }
                  LockSupport.parkNanos(1_000_000);
                }
              });
      reader.start();
      Batch ended = batch.await(Duration.ofMinutes(30));
      long t2 = System.nanoTime();
      done.set(true);
      reader.join();
      if (ended.progress().completed() != n) {
        throw new IllegalStateException("batch ended with " + ended.progress());
      }
      long[] bytes = {0};
      batch.export(
          ExportFormat.JSONL,
          new OutputStream() {
            @Override
            public void write(int b) {
              bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
              bytes[0] += len;
            }
          });
      long t3 = System.nanoTime();
      long[] sorted = Arrays.copyOf(reads, count[0]);
      Arrays.sort(sorted);
      long[] cpuSorted = Arrays.copyOf(cpu, count[0]);
      Arrays.sort(cpuSorted);
      System.out.printf(
          Locale.ROOT,
          "| %8d | %14.1f | %14.1f | %14.1f | %10.1f / %8.1f µs | %10.1f / %8.1f µs |%n",
          n,
          (t1 - t0) / 1e3 / n,
          (t2 - t1) / 1e3 / n,
          (t3 - t2) / 1e3 / n,
          sorted[sorted.length / 2] / 1e3,
          percentile(sorted, 0.99) / 1e3,
          cpuSorted[cpuSorted.length / 2] / 1e3,
          percentile(cpuSorted, 0.99) / 1e3);
    } finally {
      Bench.delete(dir);
    }
  }
}
