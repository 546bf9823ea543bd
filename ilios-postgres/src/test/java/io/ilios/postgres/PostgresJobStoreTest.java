package io.ilios.postgres;

import static io.ilios.testing.Jobs.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ilios.StoreException;
import io.ilios.spi.ClaimedJob;
import io.ilios.spi.JobStore;
import io.ilios.testing.JobStoreContract;
import io.ilios.testing.Jobs;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store contract on a real PostgreSQL server, and what only Postgres does. */
class PostgresJobStoreTest extends JobStoreContract {
  @RegisterExtension static final PostgresServerExtension postgres = new PostgresServerExtension();
  String url;

  @Override
  protected JobStore openEmpty() {
    url = postgres.server().newDatabase();
    return PostgresJobStore.builder().jdbcUrl(url).user("ilios").poolSize(4).build();
  }

  @Test
  void concurrentClaimsFromManyConnectionsNeverShareAJob() throws Exception {
    store.enqueue(Jobs.many(2_000, T0));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (PostgresJobStore wide =
        PostgresJobStore.builder().jdbcUrl(url).user("ilios").poolSize(8).listen(false).build()) {
      List<Future<List<Long>>> claims = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        String worker = "w" + t;
        claims.add(
            pool.submit(
                () -> {
                  List<Long> mine = new ArrayList<>();
                  for (List<ClaimedJob> got = wide.claim(worker, 7, T0, LEASE);
                      !got.isEmpty();
                      got = wide.claim(worker, 7, T0, LEASE)) {
                    got.forEach(j -> mine.add(j.id()));
                  }
                  return mine;
                }));
      }
      Set<Long> seen = new HashSet<>();
      int total = 0;
      for (Future<List<Long>> f : claims) {
        List<Long> ids = f.get(60, TimeUnit.SECONDS);
        total += ids.size();
        seen.addAll(ids);
      }
      assertThat(total).isEqualTo(2_000);
      assertThat(seen).hasSize(2_000);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSubmitNotifiesListenersOnOtherStores() throws Exception {
    CountDownLatch woken = new CountDownLatch(1);
    try (PostgresJobStore other = PostgresJobStore.builder().jdbcUrl(url).user("ilios").build()) {
      // Listening, and past the call it makes once on connecting: only a NOTIFY calls it now.
      assertThat(other.awaitListening(Duration.ofSeconds(10))).isTrue();
      other.addJobsListener(woken::countDown);
      store.enqueue(List.of(job(T0)));
      assertThat(woken.await(10, TimeUnit.SECONDS)).as("woken by NOTIFY").isTrue();
    }
  }

  @Test
  void aDatabaseFromANewerIliosIsRejectedAndLeftAlone() throws Exception {
    store.close();
    try (Connection c = DriverManager.getConnection(url, "ilios", "");
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO ilios_schema (version) VALUES (99)");
    }
    assertThatThrownBy(() -> PostgresJobStore.builder().jdbcUrl(url).user("ilios").build())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("written by a newer Ilios");
    store = openEmpty(); // something for the contract to close
  }

  @Test
  void aMissingDatabaseIsNamedInTheError() {
    assertThatThrownBy(
            () ->
                PostgresJobStore.builder()
                    .jdbcUrl(postgres.server().url("no_such_db"))
                    .user("ilios")
                    .connectTimeout(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("database \"no_such_db\" does not exist");
  }

  @Test
  void anUnreachableServerIsAClearError() {
    try (PostgresJobStore nowhere =
        PostgresJobStore.builder()
            .jdbcUrl("jdbc:postgresql://127.0.0.1:1/ilios?password=secret")
            .user("ilios")
            .connectTimeout(Duration.ofMillis(500))
            .listen(false)
            .build()) {
      throw new AssertionError("built " + nowhere);
    } catch (StoreException e) {
      assertThat(e.getMessage())
          .contains("jdbc:postgresql://127.0.0.1:1/ilios")
          .doesNotContain("secret");
    }
  }

  @Test
  void aNodeWhoseClockRunsSlowKeepsItsLeasesOnTheDatabaseClock() {
    String db = postgres.server().newDatabase();
    java.time.Clock real = java.time.Clock.systemUTC();
    java.time.Clock slow = java.time.Clock.offset(real, Duration.ofMinutes(-10));
    try (PostgresJobStore slowNode =
            PostgresJobStore.builder()
                .jdbcUrl(db)
                .user("ilios")
                .hostClock(slow)
                .listen(false)
                .build();
        PostgresJobStore node =
            PostgresJobStore.builder().jdbcUrl(db).user("ilios").listen(false).build()) {
      node.enqueue(List.of(job(real.instant())));
      // Ten minutes behind, the slow node still sees the job as due...
      List<ClaimedJob> claimed = slowNode.claim("slow", 1, slow.instant(), Duration.ofSeconds(60));
      assertThat(claimed).hasSize(1);
      // ...and its lease, written on the database's clock, is live for everyone else.
      assertThat(node.rescueExpired(real.instant())).isZero();
      assertThat(
              slowNode.heartbeat(
                  List.of(claimed.get(0).lease()), slow.instant().plus(Duration.ofSeconds(60))))
          .isEmpty();
      assertThat(node.rescueExpired(real.instant())).isZero();
      // Once it has really expired, it is rescued.
      assertThat(node.rescueExpired(real.instant().plus(Duration.ofMinutes(2)))).isEqualTo(1);
    }
  }
}
