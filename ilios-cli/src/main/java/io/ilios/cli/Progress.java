package io.ilios.cli;

import io.ilios.BatchProgress;
import java.io.PrintWriter;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a batch's progress: a live bar on a terminal, plain lines (one per change) otherwise, so
 * that logs and pipes stay readable.
 */
abstract class Progress implements AutoCloseable {
  abstract void update(BatchProgress p);

  @Override
  public void close() {}

  static Progress on(PrintWriter err, boolean terminal, int total) {
    return terminal ? new Bar(total) : new Lines(err);
  }

  /** Whether stderr is an interactive terminal (Console.isTerminal() where the JDK has it). */
  static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true; // before Java 22 a console exists only for a terminal
    }
  }

  private static String describe(BatchProgress p) {
    return p.completed()
        + " completed, "
        + (p.failed() + p.cancelled())
        + " failed, "
        + p.processing()
        + " running, "
        + p.pending()
        + " waiting";
  }

  private static final class Bar extends Progress {
    private final ProgressBar bar;

    Bar(int total) {
      bar =
          new ProgressBarBuilder()
              .setTaskName("Converting")
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .setUpdateIntervalMillis(200)
              .build();
    }

    @Override
    void update(BatchProgress p) {
      bar.stepTo(p.ended());
      bar.setExtraMessage(" " + (p.failed() + p.cancelled()) + " failed");
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  private static final class Lines extends Progress {
    private final PrintWriter err;
    private BatchProgress last;

    Lines(PrintWriter err) {
      this.err = err;
    }

    @Override
    void update(BatchProgress p) {
      if (!p.equals(last)) {
        err.println("progress " + p.ended() + "/" + p.total() + ": " + describe(p));
        last = p;
      }
    }
  }
}
