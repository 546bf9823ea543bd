package io.ilios.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ilios keys}: a secret printed once, listed without it, revoked by id. */
class KeysCommandTest {
  @TempDir Path dir;

  @Test
  void createListRevoke() {
    Cli cli = new Cli(dir);
    Cli.Run made =
        cli.run(
            "keys",
            "create",
            "--owner",
            "alice",
            "--name",
            "ci",
            "--limits",
            "pagesPerDay=100",
            "--webhook",
            "https://hooks.example/ilios");
    assertThat(made.code()).as(made.err()).isZero();
    String secret = made.out().strip();
    assertThat(secret).startsWith("ilios_");
    String id = made.err().replaceAll("(?s).*key (key_[0-9a-f]+).*", "$1");
    assertThat(id).startsWith("key_");

    Cli.Run list = cli.run("keys", "list");
    assertThat(list.out())
        .contains(id)
        .contains("alice")
        .contains("active")
        .contains("pagesPerDay=100")
        .contains("webhook https://hooks.example/ilios");
    assertThat(list.out()).doesNotContain(secret);

    assertThat(cli.run("keys", "revoke", id).code()).isZero();
    assertThat(cli.run("keys", "list").out()).contains("revoked");
    Cli.Run again = cli.run("keys", "revoke", id);
    assertThat(again.code()).isEqualTo(IliosCommand.USAGE);
    assertThat(again.err()).contains("no active key " + id);

    Cli.Run bad = cli.run("keys", "create", "--owner", "bob", "--limits", "pages=5");
    assertThat(bad.code()).isEqualTo(IliosCommand.USAGE);
    assertThat(bad.err()).contains("unknown name 'pages'");
  }
}
