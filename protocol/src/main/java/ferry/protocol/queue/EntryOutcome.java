package ferry.protocol.queue;

/** What became of one entry of a delete or visibility change. */
public enum EntryOutcome {
  OK,
  /** Not a handle this queue handed out. */
  INVALID_HANDLE,
  /** The message is gone (deleted, expired or purged), so its handle no longer works. */
  MESSAGE_GONE,
  /** The message is not in flight, so its visibility cannot be changed. */
  NOT_IN_FLIGHT,
  /** The change would keep the message invisible for more than 12 hours after its receive. */
  VISIBILITY_LIMIT_EXCEEDED
}
