package io.ilios.testing;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Fails a test that leaves threads named {@code ilios-…} running after it ends. */
public final class NoThreadLeaks implements AfterEachCallback {
  @Override
  public void afterEach(ExtensionContext context) throws InterruptedException {
    long deadline = System.nanoTime() + 2_000_000_000L;
    List<String> alive;
    do {
      alive =
          Thread.getAllStackTraces().keySet().stream()
              .filter(Thread::isAlive)
              .map(Thread::getName)
              .filter(n -> n.startsWith("ilios-"))
              .sorted()
              .collect(Collectors.toList());
      if (alive.isEmpty()) {
        return;
      }
      Thread.sleep(10); // threads are joined on close; give a just-closed one a moment to exit
    } while (System.nanoTime() < deadline);
    throw new AssertionError("threads left running by " + context.getDisplayName() + ": " + alive);
  }
}
