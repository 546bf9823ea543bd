package io.ilios.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Starts {@link ChildWorker} JVMs with the test classpath. */
public final class ChildProcesses {
  private ChildProcesses() {}

  public static Process startWorker(Path db, Path log, int workers, long jobMillis, long leaseMs)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            java,
            "-Xmx128m",
            "-cp",
            System.getProperty("java.class.path"),
            ChildWorker.class.getName(),
            db.toString(),
            log.toString(),
            Integer.toString(workers),
            Long.toString(jobMillis),
            Long.toString(leaseMs));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile())
        .start();
  }
}
