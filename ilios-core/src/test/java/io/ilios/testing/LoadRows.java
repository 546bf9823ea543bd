package io.ilios.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A closed-loop load generator for benchmarks over HTTP: {@code clients} threads call one request
 * as fast as it answers for a fixed time, after a second of warm-up, and one Markdown table row
 * says requests per second, p50 and p99. Any answer but 200 fails the run.
 */
public final class LoadRows {
  private LoadRows() {}

  /** One request; returns its HTTP status. */
  public interface Call {
    int run() throws Exception;
  }

  /** Prints the table's head. */
  public static void header() {
    System.out.printf(
        "| %-52s | %10s | %9s | %9s |%n", "request", "requests/s", "p50 ms", "p99 ms");
    System.out.println("|---|---:|---:|---:|");
  }

  /** Runs {@code call} from {@code clients} threads for {@code seconds}; prints one row. */
  public static void row(String name, int seconds, int clients, Call call) throws Exception {
    drive(1, clients, call); // warm-up, not counted
    long[][] all = drive(seconds, clients, call);
    int n = 0;
    for (long[] l : all) {
      n += l.length;
    }
    long[] lat = new long[n];
    int k = 0;
    for (long[] l : all) {
      System.arraycopy(l, 0, lat, k, l.length);
      k += l.length;
    }
    Arrays.sort(lat);
    System.out.printf(
        Locale.ROOT,
        "| %-52s | %10.0f | %9.3f | %9.3f |%n",
        name,
        n / (double) seconds,
        lat[n / 2] / 1e6,
        lat[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / 1e6);
  }

  static long[][] drive(int seconds, int clients, Call call) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    long[][] out = new long[clients][];
    AtomicInteger failures = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      int slot = c;
      Thread t =
          new Thread(
              () -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                try {
                  while (System.nanoTime() < end) {
                    long s = System.nanoTime();
                    int status = call.run();
                    long took = System.nanoTime() - s;
                    if (status != 200) {
                      failures.incrementAndGet();
                    }
                    if (n == lat.length) {
                      lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = took;
                  }
                } catch (Exception e) {
                  failures.incrementAndGet();
                } finally {
                  out[slot] = Arrays.copyOf(lat, n);
                  done.countDown();
                }
              });
      t.start();
    }
    done.await();
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " requests failed");
    }
    return out;
  }
}
