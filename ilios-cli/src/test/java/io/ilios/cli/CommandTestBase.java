package io.ilios.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Tests of the command run in-process, each with its own data folder and environment. */
abstract class CommandTestBase {
  static final Path SAMPLES = Cli.SAMPLES;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Cli cli;
  Map<String, String> env;

  @BeforeEach
  void useTemporaryData() {
    cli = new Cli(dir);
    env = cli.env;
  }

  Cli.Run run(String... args) {
    return cli.run(args);
  }

  static String sample(String name) {
    return Cli.sample(name);
  }
}
