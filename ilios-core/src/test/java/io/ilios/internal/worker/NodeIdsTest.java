package io.ilios.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.JobStatus;
import io.ilios.store.SqliteJobStore;
import io.ilios.testing.Jobs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeIdsTest {
  @TempDir Path dir;

  @Test
  void anIdNamesTheProcessAndTheHost() {
    String id = NodeIds.forThisProcess();
    assertThat(NodeIds.pidOnHost(id, NodeIds.host())).contains(ProcessHandle.current().pid());
    assertThat(NodeIds.pidOnHost(id, "another-host")).isEmpty();
    assertThat(NodeIds.pidOnHost("test-node", NodeIds.host())).isEmpty();
    assertThat(NodeIds.pidOnHost("ilios-x-1@" + NodeIds.host(), NodeIds.host())).isEmpty();
  }

  @Test
  void jobsOfAProcessOfThisHostThatIsGoneAreRescuedAndLiveOnesAreNot() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    String deadHolder = "ilios-" + gone.pid() + "-abcd1234@" + NodeIds.host();
    String liveHolder = NodeIds.forThisProcess(); // this very process: alive
    String otherHost = "ilios-" + gone.pid() + "-abcd1234@some-other-host";
    Instant now = Instant.now();
    try (SqliteJobStore store = SqliteJobStore.open(dir.resolve("ilios.db"))) {
      List<Long> ids = store.enqueue(Jobs.many(3, now));
      store.claim(deadHolder, 1, now, Duration.ofHours(1));
      store.claim(liveHolder, 1, now, Duration.ofHours(1));
      store.claim(otherHost, 1, now, Duration.ofHours(1));
      assertThat(NodeIds.rescueStranded(store, now)).isEqualTo(1);
      Optional<io.ilios.Job> first = store.find("alice", ids.get(0));
      assertThat(first.orElseThrow().status()).isEqualTo(JobStatus.PENDING);
      assertThat(first.orElseThrow().error().orElseThrow()).contains("its process is gone");
      assertThat(store.counts().processing()).isEqualTo(2);
    }
  }
}
