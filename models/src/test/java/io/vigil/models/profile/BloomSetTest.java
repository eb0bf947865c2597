package io.vigil.models.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BloomSetTest {
  @Test
  void remembersWhatItSawAndRarelyClaimsTheRest() {
    BloomSet set = new BloomSet();
    for (int i = 0; i < 100; i++) assertThat(set.add("10.0.0." + i)).isTrue();
    for (int i = 0; i < 100; i++) {
      assertThat(set.mightContain("10.0.0." + i)).isTrue();
      assertThat(set.add("10.0.0." + i)).isFalse();
    }
    int falsePositives = 0;
    for (int i = 0; i < 10_000; i++)
      if (set.mightContain("198.51." + i / 256 + "." + i % 256)) falsePositives++;
    // 100 items in 2048 bits with 3 hashes: ~0.25% expected.
    assertThat(falsePositives).isLessThan(100);
  }
}
