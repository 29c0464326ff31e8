package ferry.node.api.sqs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ferry.protocol.queue.EntryOutcome;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * The rules every batch action shares. Whole-request faults (no entries, too many, bad or
 * repeated ids) refuse the request; an entry's own fault becomes a {@code Failed} entry.
 */
final class BatchEntries {
  static final int MAX_ENTRIES = 10;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,80}");

  private BatchEntries() {}

  static List<SqsParams> read(SqsParams params, String entryName) {
    List<SqsParams> entries = params.objectList("Entries");
    if (entries.isEmpty()) {
      throw new SqsException(SqsError.EMPTY_BATCH_REQUEST,
          "There should be at least one " + entryName + " in the request.");
    }
    if (entries.size() > MAX_ENTRIES) {
      throw new SqsException(SqsError.TOO_MANY_ENTRIES_IN_BATCH_REQUEST,
          "Maximum number of entries per request are " + MAX_ENTRIES + ". You have sent " + entries.size() + ".");
    }
    Set<String> ids = new HashSet<>();
    for (SqsParams entry : entries) {
      String id = entry.string("Id");
      if (id == null || !ID.matcher(id).matches()) {
        throw new SqsException(SqsError.INVALID_BATCH_ENTRY_ID, "A batch entry id can only contain"
            + " alphanumeric characters, hyphens and underscores. It can be at most 80 letters long.");
      }
      if (!ids.add(id)) {
        throw new SqsException(SqsError.BATCH_ENTRY_IDS_NOT_DISTINCT, "Id " + id + " repeated.");
      }
    }
    return entries;
  }

  /** The entries that passed their own checks, in request order, with their ids. */
  record Accepted<T>(List<String> ids, List<T> items) {
    boolean isEmpty() {
      return items.isEmpty();
    }
  }

  /** Reads each entry with {@code reader}; an entry it refuses goes to {@code result}'s Failed list. */
  static <T> Accepted<T> accept(List<SqsParams> entries, ObjectNode result, Function<SqsParams, T> reader) {
    List<String> ids = new ArrayList<>();
    List<T> items = new ArrayList<>();
    for (SqsParams entry : entries) {
      String id = entry.string("Id");
      try {
        items.add(reader.apply(entry));
        ids.add(id);
      } catch (SqsException fault) {
        failed(result, id, fault);
      }
    }
    return new Accepted<>(ids, items);
  }

  /** Reports one outcome per accepted entry: OK as Successful, the rest with the refusal for its index. */
  static void report(ObjectNode result, List<String> ids, List<EntryOutcome> outcomes,
      IntFunction<SqsException> refusal) {
    for (int i = 0; i < outcomes.size(); i++) {
      if (outcomes.get(i) == EntryOutcome.OK) {
        succeeded(result, ids.get(i));
      } else {
        failed(result, ids.get(i), refusal.apply(i));
      }
    }
  }

  /** A batch result with empty {@code Successful} and {@code Failed} lists to fill. */
  static ObjectNode result() {
    ObjectNode result = Replies.empty();
    result.putArray("Successful");
    result.putArray("Failed");
    return result;
  }

  static ObjectNode succeeded(ObjectNode result, String id) {
    ObjectNode entry = ((ArrayNode) result.get("Successful")).addObject();
    entry.put("Id", id);
    return entry;
  }

  static void failed(ObjectNode result, String id, SqsException fault) {
    ObjectNode entry = ((ArrayNode) result.get("Failed")).addObject();
    entry.put("Id", id);
    entry.put("SenderFault", fault.error.senderFault());
    entry.put("Code", fault.error.legacyCode);
    entry.put("Message", fault.getMessage());
  }
}
