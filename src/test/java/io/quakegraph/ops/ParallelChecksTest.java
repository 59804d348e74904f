package io.quakegraph.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Checks run side by side, failures reported as a sequential run would report them. */
class ParallelChecksTest {
  @Test
  void theFirstFailureInTheOrderAddedIsReportedEvenWhenALaterOneFailsFirst() {
    CountDownLatch laterFailed = new CountDownLatch(1);
    PreflightException first = new PreflightException("first", "fix it");
    ParallelChecks checks =
        new ParallelChecks()
            .add(
                () -> {
                  try {
                    laterFailed.await(5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  throw first;
                })
            .add(
                () -> {
                  laterFailed.countDown();
                  throw new PreflightException("second", "fix that");
                });
    assertSame(first, assertThrows(PreflightException.class, checks::await));
  }

  @Test
  void aFailureIsReportedWithoutWaitingForTheChecksAfterIt() {
    CountDownLatch never = new CountDownLatch(1);
    ParallelChecks checks =
        new ParallelChecks()
            .add(
                () -> {
                  throw new PreflightException("broken", "fix it");
                })
            .add(
                () -> {
                  try {
                    never.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    long t0 = System.nanoTime();
    assertEquals(
        "broken; fix it", assertThrows(PreflightException.class, checks::await).getMessage());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
  }

  @Test
  void checksRunSideBySide() throws Exception {
    CountDownLatch both = new CountDownLatch(2);
    Runnable meet =
        () -> {
          both.countDown();
          try {
            if (!both.await(5, TimeUnit.SECONDS)) {
              throw new IllegalStateException("the other check never ran alongside");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    new ParallelChecks().add(meet).add(meet).await();
  }
}
