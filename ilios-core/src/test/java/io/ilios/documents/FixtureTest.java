package io.ilios.documents;

import io.ilios.testing.IliosFixture;
import io.ilios.testing.NoThreadLeaks;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A fresh {@link IliosFixture} in a temporary folder for each test, closed after it. */
@ExtendWith(NoThreadLeaks.class)
abstract class FixtureTest {
  @TempDir Path dir;
  IliosFixture fixture;

  @BeforeEach
  void openFixture() {
    fixture = new IliosFixture(dir);
  }

  @AfterEach
  void closeFixture() {
    fixture.close();
  }
}
