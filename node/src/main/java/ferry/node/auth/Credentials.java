package ferry.node.auth;

import com.typesafe.config.Config;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The access keys a node accepts, each with its secret and the account it acts for, from
 * {@code ferry.auth.credentials} ({@code FERRY_CREDENTIALS}): {@code key:secret:account,...}.
 * None configured means signatures are not checked and every caller is the default account.
 */
public final class Credentials {
  /** One access key. */
  public record Credential(String accessKeyId, String secretKey, String accountId) {}

  private final Map<String, Credential> byAccessKey;

  private Credentials(Map<String, Credential> byAccessKey) {
    this.byAccessKey = Map.copyOf(byAccessKey);
  }

  public static Credentials from(Config ferry) {
    Map<String, Credential> byAccessKey = new HashMap<>();
    for (String entry : ferry.getString("auth.credentials").split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.trim().split(":", -1);
      if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || !parts[2].matches("\\d{12}")) {
        throw new IllegalArgumentException("FERRY_CREDENTIALS entries are access-key:secret-key:12-digit-account;"
            + " this one is not: " + parts[0] + ":...");
      }
      byAccessKey.put(parts[0], new Credential(parts[0], parts[1], parts[2]));
    }
    return new Credentials(byAccessKey);
  }

  public boolean required() {
    return !byAccessKey.isEmpty();
  }

  public Optional<Credential> byAccessKey(String accessKeyId) {
    return Optional.ofNullable(byAccessKey.get(accessKeyId));
  }

  public Optional<String> secretOf(String accessKeyId) {
    return byAccessKey(accessKeyId).map(Credential::secretKey);
  }
}
