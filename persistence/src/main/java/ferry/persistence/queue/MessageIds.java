package ferry.persistence.queue;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random (version 4) UUIDs for message ids. Ids must be unique, not unguessable, so this avoids
 * {@link UUID#randomUUID()}'s shared SecureRandom on the send path.
 */
final class MessageIds {
  private MessageIds() {}

  static String next() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }
}
