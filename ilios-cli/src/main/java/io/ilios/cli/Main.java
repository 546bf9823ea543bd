package io.ilios.cli;

import java.io.PrintWriter;
import java.util.Map;

/** Entry point of {@code ilios.jar}: configures logging, runs the command, exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    // Before any logger exists: quiet by default, PDFBox's font warnings only when verbose.
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.pdfbox", verbose ? "warn" : "error");
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    System.exit(run(args, System.getenv(), out, err));
  }

  /** Runs the command line and returns the exit code: 0 ok, 1 some documents failed, 2 usage. */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return IliosCommand.commandLine(env, out, err).execute(args);
  }
}
