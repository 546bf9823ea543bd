package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.ApiKey;
import io.ilios.Ilios;
import io.ilios.Keys;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Keys kept in the store: a secret shown once, found by it, never stored, revoked by id. */
class KeysTest extends FixtureTest {
  @Test
  void aKeyIsFoundByItsSecretUntilItIsRevoked() throws Exception {
    Ilios ilios = fixture.start();
    assertThat(ilios.keys().anyActive()).isFalse();
    Keys.Created made = ilios.keys().create("alice", "ci", Optional.of("pagesPerDay=100"));
    assertThat(made.secret())
        .startsWith(Keys.SECRET_PREFIX)
        .hasSize(Keys.SECRET_PREFIX.length() + 64);
    assertThat(made.toString()).doesNotContain(made.secret());
    assertThat(ilios.keys().anyActive()).isTrue();

    ApiKey found = ilios.keys().find(made.secret()).orElseThrow();
    assertThat(found.owner()).isEqualTo("alice");
    assertThat(found.limits()).contains("pagesPerDay=100");
    assertThat(ilios.keys().find(made.secret() + "x")).isEmpty();
    assertThat(ilios.keys().list()).extracting(ApiKey::id).containsExactly(made.key().id());

    // The database holds the digest, never the secret.
    fixture.close();
    byte[] db = java.nio.file.Files.readAllBytes(dir.resolve("ilios.db"));
    byte[] wal =
        java.nio.file.Files.exists(dir.resolve("ilios.db-wal"))
            ? java.nio.file.Files.readAllBytes(dir.resolve("ilios.db-wal"))
            : new byte[0];
    String everything =
        new String(db, java.nio.charset.StandardCharsets.ISO_8859_1)
            + new String(wal, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertThat(everything).doesNotContain(made.secret()).contains(made.key().id());

    fixture = new io.ilios.testing.IliosFixture(dir);
    Ilios again = fixture.start();
    assertThat(again.keys().find(made.secret())).isPresent();
    assertThat(again.keys().revoke(made.key().id())).isTrue();
    assertThat(again.keys().find(made.secret())).isEmpty();
    assertThat(again.keys().revoke(made.key().id())).isFalse();
    assertThat(again.keys().anyActive()).isFalse();
  }
}
