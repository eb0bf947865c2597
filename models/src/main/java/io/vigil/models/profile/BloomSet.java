package io.vigil.models.profile;

/**
 * A fixed-size Bloom filter over strings: remembers which destinations a function has talked to in
 * 256 bytes, whatever their number. False positives only make a destination look familiar.
 */
public final class BloomSet {
  public static final int BITS = 2048;
  private static final int HASHES = 3;

  private final long[] words;

  public BloomSet() {
    this(new long[BITS / 64]);
  }

  public BloomSet(long[] words) {
    if (words.length != BITS / 64)
      throw new IllegalArgumentException("expected " + BITS / 64 + " words");
    this.words = words;
  }

  public long[] words() {
    return words;
  }

  /** Adds the value; returns true when it was (probably) not there before. */
  public boolean add(String value) {
    long h = hash(value);
    int h1 = (int) h;
    int h2 = (int) (h >>> 32);
    boolean added = false;
    for (int i = 0; i < HASHES; i++) {
      int bit = Math.floorMod(h1 + i * h2, BITS);
      long mask = 1L << (bit & 63);
      if ((words[bit >>> 6] & mask) == 0) {
        words[bit >>> 6] |= mask;
        added = true;
      }
    }
    return added;
  }

  public boolean mightContain(String value) {
    long h = hash(value);
    int h1 = (int) h;
    int h2 = (int) (h >>> 32);
    for (int i = 0; i < HASHES; i++) {
      int bit = Math.floorMod(h1 + i * h2, BITS);
      if ((words[bit >>> 6] & (1L << (bit & 63))) == 0) return false;
    }
    return true;
  }

  /** FNV-1a 64, then a murmur finaliser to spread the bits. */
  private static long hash(String s) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }
}
