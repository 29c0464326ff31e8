package ferry.node.api.sqs;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queue URLs are {@code <base>/<account>/<name>}. A URL is read by its path only, so clients may
 * reach Ferry through proxies and port maps with another host in their URLs.
 */
final class QueueUrls {
  /**
   * URLs already read, as clients send the same few again and again: parsing one as a URI was
   * 2.5 to 3 % of the node's CPU samples under single-message sends. Only valid URLs of a
   * plausible length are kept, and the memo starts over when it is full, so odd URLs cannot grow
   * it without bound.
   */
  private static final Map<String, QueuePath> READ = new ConcurrentHashMap<>();
  private static final int MAX_READ = 4096;
  private static final int MAX_KEPT_URL_CHARS = 512;

  private QueueUrls() {}

  static String of(String baseUrl, String account, String name) {
    return baseUrl + "/" + account + "/" + name;
  }

  /** The account (null when the path has none) and queue name in a URL's path. */
  static QueuePath pathOf(String queueUrl) {
    QueuePath known = READ.get(queueUrl);
    if (known != null) {
      return known;
    }
    QueuePath read = parse(queueUrl);
    if (queueUrl.length() <= MAX_KEPT_URL_CHARS) {
      if (READ.size() >= MAX_READ) {
        READ.clear();
      }
      READ.put(queueUrl, read);
    }
    return read;
  }

  private static QueuePath parse(String queueUrl) {
    String path;
    try {
      URI uri = new URI(queueUrl);
      path = uri.getPath();
    } catch (URISyntaxException notAUrl) {
      throw new SqsException(SqsError.INVALID_ADDRESS, "The address " + queueUrl + " is not valid for this endpoint.");
    }
    if (path == null) {
      throw new SqsException(SqsError.INVALID_ADDRESS, "The address " + queueUrl + " is not valid for this endpoint.");
    }
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    int lastSlash = trimmed.lastIndexOf('/');
    String name = trimmed.substring(lastSlash + 1);
    if (!QueueNames.isValid(name)) {
      throw SqsException.noSuchQueue();
    }
    String before = lastSlash <= 0 ? "" : trimmed.substring(0, lastSlash);
    String account = before.substring(before.lastIndexOf('/') + 1);
    return new QueuePath(account.isEmpty() ? null : account, name);
  }
}
