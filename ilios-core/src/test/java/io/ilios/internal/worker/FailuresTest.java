package io.ilios.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ilios.BlobStoreException;
import io.ilios.BlobStoreException.Reason;
import io.ilios.InvalidDocumentException;
import io.ilios.OcrException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailuresTest {
  @ParameterizedTest
  @CsvSource({
    "THROTTLED, true",
    "UNAVAILABLE, true",
    "FAILED, true",
    "NOT_FOUND, false",
    "ACCESS_DENIED, false"
  })
  void storageFailuresAreRetriedOnlyWhenWaitingCanHelp(Reason reason, boolean retried) {
    assertThat(Failures.retryable(new BlobStoreException("k", reason, "get failed", null)))
        .isEqualTo(retried);
  }

  @Test
  void invalidDocumentsAndFinalBackendErrorsAreNotRetried() {
    assertThat(Failures.retryable(new InvalidDocumentException("x.pdf is corrupt"))).isFalse();
    assertThat(Failures.retryable(new OcrException("b", "no", false))).isFalse();
    assertThat(Failures.retryable(new OcrException("b", "busy", true))).isTrue();
    assertThat(Failures.retryable(new IllegalStateException("bug"))).isTrue();
  }
}
