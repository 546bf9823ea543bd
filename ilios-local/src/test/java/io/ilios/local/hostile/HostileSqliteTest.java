package io.ilios.local.hostile;

import io.ilios.spi.JobStore;
import io.ilios.store.SqliteJobStore;
import java.nio.file.Path;

/** The hostile suite on a SQLite file. */
class HostileSqliteTest extends HostileSuite {
  @Override
  protected JobStore openStore(Path dir) {
    return SqliteJobStore.open(dir.resolve("ilios.db"));
  }
}
