package io.ilios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The module boundaries as an application on the module path meets them: it compiles and runs
 * against the exported API, and cannot compile against any internal package. (Every other test uses
 * the jars on the class path.)
 */
class ModuleBoundariesTest {
  static final String MODULES = "io.ilios.core,io.ilios.local,io.ilios.mistral,io.ilios.s3";

  @TempDir Path dir;

  /**
   * The jars an application of these modules has at run time (written by the build into {@code
   * target/runtime-classpath.txt}), nothing of the tests'.
   */
  static String modulePath() throws java.io.IOException {
    return Files.readString(Path.of("target", "runtime-classpath.txt")).strip();
  }

  private Path app(String mainBody, String imports) throws Exception {
    Path src = dir.resolve("src/app");
    Files.createDirectories(src.resolve("app"));
    StringBuilder requires = new StringBuilder();
    for (String m : MODULES.split(",")) {
      requires.append("  requires ").append(m).append(";\n");
    }
    Files.writeString(src.resolve("module-info.java"), "module app {\n" + requires + "}\n");
    Files.writeString(
        src.resolve("app/Main.java"),
        "package app;\n"
            + imports
            + "public class Main {\n  public static void main(String[] args) throws Exception {\n"
            + mainBody
            + "\n  }\n}\n");
    return src;
  }

  private record Compiled(int code, String output) {}

  private Compiled compile(Path src) throws java.io.IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter out = new StringWriter();
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--module-path", modulePath(), "--limit-modules", "app," + MODULES));
    args.addAll(
        List.of(
            "-d",
            dir.resolve("out").toString(),
            "--module-source-path",
            dir.resolve("src").toString()));
    args.addAll(List.of("--module", "app"));
    int code = javac.getTask(out, null, null, args, null, null).call() ? 0 : 1;
    return new Compiled(code, out.toString());
  }

  @Test
  void anApplicationOnTheModulePathUsesTheApiAndRuns() throws Exception {
    Path src =
        app(
            """
            Path data = Path.of(args[0]);
            try (SqliteJobStore store = SqliteJobStore.open(data.resolve("ilios.db"));
                LocalConverter local = LocalConverter.builder().dataDirectory(data).build();
                Ilios ilios = Ilios.builder().store(store).blobs(LocalBlobStore.at(data.resolve("blobs")))
                    .tempDirectory(data.resolve("tmp")).ocr(local).workers(0).build()) {
              System.out.println(ilios.converter().convert(Path.of(args[1])).markdown());
            }""",
            "import io.ilios.Ilios;\nimport io.ilios.blob.LocalBlobStore;\n"
                + "import io.ilios.local.LocalConverter;\nimport io.ilios.store.SqliteJobStore;\n"
                + "import java.nio.file.Path;\n");
    Compiled c = compile(src);
    assertThat(c.code()).as(c.output()).isZero();

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("run.log");
    Process p =
        new ProcessBuilder(
                java,
                "--module-path",
                dir.resolve("out") + File.pathSeparator + modulePath(),
                "--add-modules",
                "ALL-MODULE-PATH",
                "-m",
                "app/app.Main",
                dir.resolve("data").toString(),
                Cli.sample("report.pdf"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    assertThat(Files.readString(log)).contains("# Quarterly Report");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "io.ilios.internal.Checks",
    "io.ilios.internal.worker.WorkerPool",
    "io.ilios.internal.store.JobRows",
    "io.ilios.internal.convert.MimeTypes",
    "io.ilios.local.internal.PdfConversion",
    "io.ilios.mistral.internal.MistralHttp"
  })
  void anInternalPackageCannotBeReached(String internalClass) throws Exception {
    Compiled c = compile(app("System.out.println(" + internalClass + ".class);", ""));
    assertThat(c.code()).isOne();
    String pkg = internalClass.substring(0, internalClass.lastIndexOf('.'));
    assertThat(c.output()).contains("package " + pkg + " is not visible");
  }
}
