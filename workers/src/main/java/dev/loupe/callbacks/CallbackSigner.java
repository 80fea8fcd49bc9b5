package dev.loupe.callbacks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs callback bodies so clients can check they come from Loupe and are fresh: header
 * {@value #HEADER}{@code : t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>}. A client recomputes
 * the HMAC over the timestamp, a dot and the raw body, compares in constant time, and rejects old timestamps.
 * While a rotated secret still signs, the header carries one {@code v1} per secret, the current one first; a
 * client accepts the callback when any of them matches.
 */
final class CallbackSigner {

  static final String HEADER = "Loupe-Signature";

  private CallbackSigner() {}

  /** The header value for this body at this time; empty when there is no secret to sign with. */
  static Optional<String> signature(List<String> secrets, byte[] body, Instant at) {
    List<String> usable = secrets.stream().filter(secret -> secret != null && !secret.isBlank()).toList();
    if (usable.isEmpty()) {
      return Optional.empty();
    }
    long timestamp = at.getEpochSecond();
    return Optional.of("t=" + timestamp + usable.stream()
        .map(secret -> ",v1=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), timestamp, body)))
        .collect(Collectors.joining()));
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
