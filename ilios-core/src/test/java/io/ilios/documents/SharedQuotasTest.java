package io.ilios.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.Ilios;
import io.ilios.SharedQuotas;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** On SQLite (one process) the quotas count in memory, with the store's arithmetic. */
class SharedQuotasTest extends FixtureTest {
  static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

  @Test
  void tokensAndSlotsAreCountedInMemoryWhenTheStoreServesOneProcess() {
    Ilios ilios = fixture.start();
    SharedQuotas q = ilios.quotas();
    assertThat(q.acrossNodes()).isFalse();
    assertThat(q.takeToken("alice", 2, 2, T0)).isZero();
    assertThat(q.takeToken("alice", 2, 2, T0)).isZero();
    assertThat(q.takeToken("alice", 2, 2, T0)).isEqualTo(500);
    assertThat(q.takeToken("bob", 2, 2, T0)).isZero();
    assertThat(q.takeToken("alice", 2, 2, T0.plusMillis(500))).isZero();

    Instant until = T0.plusSeconds(60);
    assertThat(q.takeSlot("alice", "s1", 1, until, T0)).isTrue();
    assertThat(q.takeSlot("alice", "s2", 1, until, T0)).isFalse();
    q.releaseSlot("alice", "s1");
    assertThat(q.takeSlot("alice", "s3", 1, until, T0)).isTrue();
    assertThat(q.takeSlot("alice", "s4", 1, until, until.plusMillis(1))).as("s3 lapsed").isTrue();
  }
}
