package ferry.protocol;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs for message and request ids. They need to be unique, not
 * unguessable, so they come from the thread's own generator rather than from
 * {@link UUID#randomUUID()}'s shared SecureRandom, on which every request would queue.
 */
public final class RandomIds {
  private RandomIds() {}

  public static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }
}
