package dev.loupe.workers;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs callback bodies so clients can check they come from Loupe and are fresh: header
 * {@value #HEADER}{@code : t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}. A client recomputes
 * the HMAC over the timestamp, a dot and the raw body, compares in constant time, and rejects old timestamps.
 */
final class CallbackSigner {

  static final String HEADER = "Loupe-Signature";

  private final Optional<byte[]> secret;

  CallbackSigner(String secret) {
    this.secret = secret == null || secret.isBlank()
        ? Optional.empty()
        : Optional.of(secret.getBytes(StandardCharsets.UTF_8));
  }

  boolean signs() {
    return secret.isPresent();
  }

  /** The header value for this body at this time; empty when no secret is configured. */
  Optional<String> signature(byte[] body, Instant at) {
    return secret.map(key -> {
      long timestamp = at.getEpochSecond();
      return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(hmac(key, timestamp, body));
    });
  }

  private static byte[] hmac(byte[] key, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
