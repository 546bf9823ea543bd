package io.ilios.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The command run in-process, with an environment of its own and data under one folder. */
final class Cli {
  static final Path SAMPLES = Path.of("..", "docs", "samples");

  /** What one run printed, and its exit code. */
  record Run(int code, String out, String err) {}

  final Map<String, String> env = new HashMap<>();

  Cli(Path dir) {
    env.put("ILIOS_DATA_DIR", dir.resolve("data").toString());
    env.put("ILIOS_WORKERS", "2");
  }

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  static String sample(String name) {
    return SAMPLES.resolve(name).toString();
  }
}
