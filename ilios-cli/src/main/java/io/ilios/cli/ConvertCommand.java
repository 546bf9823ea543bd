package io.ilios.cli;

import io.ilios.Conversion;
import io.ilios.DocumentSource;
import io.ilios.IliosException;
import io.ilios.internal.export.SafeNames;
import io.ilios.internal.wire.Shapes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ilios convert}: converts files now, Markdown to stdout or into a folder. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description =
        "Converts files now. Markdown goes to stdout, or one file per document into --out.")
final class ConvertCommand implements Callable<Integer> {
  enum Format {
    md,
    json
  }

  @Mixin Settings settings;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "PDFs or images.")
  List<Path> files;

  @Option(names = "--out", paramLabel = "DIR", description = "Write NAME.md (or .json) here.")
  Path out;

  @Option(
      names = "--format",
      paramLabel = "md|json",
      description = "Markdown, or the JSON of POST /v1/convert (default: md).")
  Format format = Format.md;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (out != null) {
      Files.createDirectories(out);
    }
    int failed = 0;
    boolean first = true;
    Set<String> written = new HashSet<>();
    if (settings.workers != null && settings.workers < 0) {
      throw new IllegalArgumentException("--workers must be 0 or more, was " + settings.workers);
    }
    try (Settings.Session s = settings.open(0, err)) {
      for (int i = 0; i < files.size(); i++) {
        Path file = files.get(i);
        Conversion c;
        try {
          c = s.ilios().converter().convert(DocumentSource.of(file), settings.options().build());
        } catch (IliosException | java.io.UncheckedIOException | IllegalArgumentException e) {
          // One bad or unreadable file fails itself; the others are still converted.
          String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          String name = String.valueOf(file.getFileName());
          err.println("ilios: " + (why.startsWith(name) ? why : file + ": " + why));
          failed++;
          continue;
        }
        String text =
            format == Format.json
                ? Shapes.JSON.writeValueAsString(Shapes.conversion(c))
                : c.markdown();
        if (out == null) {
          if (!first && format == Format.md) {
            stdout.println();
          }
          if (files.size() > 1 && format == Format.md) {
            stdout.println("<!-- " + file.getFileName() + " -->");
            stdout.println();
          }
          stdout.println(text);
          first = false;
        } else {
          Path target = out.resolve(unique(written, file));
          write(target, text);
          err.printf(
              "%s -> %s (%d pages, %d ms)%n",
              file, target, c.metadata().pages(), c.metadata().processingTime().toMillis());
        }
      }
    }
    stdout.flush();
    return failed == 0 ? 0 : IliosCommand.FAILED;
  }

  private String unique(Set<String> written, Path file) {
    String ext = format == Format.json ? ".json" : ".md";
    String stem = SafeNames.stem(file.getFileName().toString());
    String name = stem + ext;
    for (int n = 2; !written.add(name); n++) {
      name = stem + "-" + n + ext;
    }
    return name;
  }

  private static void write(Path target, String text) {
    try {
      Files.writeString(target, text + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }
}
