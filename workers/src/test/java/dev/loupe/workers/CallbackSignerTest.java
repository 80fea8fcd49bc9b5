package dev.loupe.workers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CallbackSignerTest {

  @Test
  void shouldSignTimestampDotBodyWithHmacSha256() {
    CallbackSigner signer = new CallbackSigner("whsec_test");
    byte[] body = "{\"taskId\":\"t-1\"}".getBytes(StandardCharsets.UTF_8);

    // the expected value is what openssl gives:
    // printf '1700000000.{"taskId":"t-1"}' | openssl dgst -sha256 -hmac whsec_test
    assertThat(signer.signature(body, Instant.ofEpochSecond(1_700_000_000L)))
        .contains("t=1700000000,v1=d9bee92db1953c473b8c064834caa22980e239d383c535ba9fde01e8d55e3cfe");
  }

  @Test
  void shouldNotSignWithoutASecret() {
    assertThat(new CallbackSigner("").signature(new byte[0], Instant.now())).isEmpty();
    assertThat(new CallbackSigner(null).signs()).isFalse();
  }
}
