package ferry.node.api.sqs;

import com.typesafe.config.Config;
import java.time.Duration;

/** The {@code ferry.sqs} settings the front end needs. */
public record SqsSettings(String accountId, String region, String baseUrl, long maxRequestBytes,
    Duration allowedClockSkew) {

  public static SqsSettings from(Config ferry) {
    Config sqs = ferry.getConfig("sqs");
    return new SqsSettings(sqs.getString("account-id"), sqs.getString("region"),
        sqs.getString("base-url"), sqs.getBytes("max-request-bytes"),
        ferry.getDuration("auth.allowed-clock-skew"));
  }
}
