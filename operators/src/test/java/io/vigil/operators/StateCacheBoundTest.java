package io.vigil.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StateCacheBoundTest {
  private static final long GIB = 1L << 30;

  @Test
  void aConfiguredBoundIsKeptWhateverTheHeap() {
    assertThat(StateCacheBound.resolve(1, 64 * GIB, 1, 0.05, 8_192)).isEqualTo(1);
    assertThat(StateCacheBound.resolve(100_000, GIB / 8, 4, 0.05, 8_192)).isEqualTo(100_000);
  }

  @Test
  void theAutomaticBoundIsTheHeapSharePerSlotOverTheSizeOfAFunction() {
    // 6 GiB over 2 slots at 5%: 153.6 MiB per cache, 19,660 functions of 8 KiB.
    assertThat(StateCacheBound.resolve(StateCacheBound.AUTO, 6 * GIB, 2, 0.05, 8_192))
        .isEqualTo(19_660);
    assertThat(StateCacheBound.resolve(StateCacheBound.AUTO, 6 * GIB, 1, 0.10, 8_192))
        .isEqualTo(78_643);
  }

  @Test
  void theAutomaticBoundNeverFallsBelowTheOldDefault() {
    assertThat(StateCacheBound.resolve(StateCacheBound.AUTO, GIB, 8, 0.05, 8_192))
        .isEqualTo(StateCacheBound.MIN_FUNCTIONS);
  }

  @Test
  void negativeBoundsAndSharesOutsideTheRangeAreRejected() {
    assertThatThrownBy(() -> StateCacheBound.check(-1, 0.05))
        .isInstanceOf(IllegalArgumentException.class);
    for (double share : new double[] {0, -0.1, 0.51, Double.NaN}) {
      assertThatThrownBy(() -> StateCacheBound.check(0, share))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("heap share");
    }
  }
}
