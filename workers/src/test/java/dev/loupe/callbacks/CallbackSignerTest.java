package dev.loupe.callbacks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackSignerTest {

  private static final byte[] BODY = "{\"taskId\":\"t-1\"}".getBytes(StandardCharsets.UTF_8);
  private static final Instant AT = Instant.ofEpochSecond(1_700_000_000L);

  @Test
  void shouldSignTimestampDotBodyWithHmacSha256() {
    // the expected value is what openssl gives:
    // printf '1700000000.{"taskId":"t-1"}' | openssl dgst -sha256 -hmac whsec_test
    assertThat(CallbackSigner.signature(List.of("whsec_test"), BODY, AT))
        .contains("t=1700000000,v1=d9bee92db1953c473b8c064834caa22980e239d383c535ba9fde01e8d55e3cfe");
  }

  @Test
  void shouldSignWithTheCurrentSecretFirstThenTheRotatedOne() {
    assertThat(CallbackSigner.signature(List.of("whsec_test", "lps_old"), BODY, AT))
        .contains("t=1700000000,v1=d9bee92db1953c473b8c064834caa22980e239d383c535ba9fde01e8d55e3cfe"
            + ",v1=c74fc4be7cd2b6d44b7e26d7023982b1ee0b7bac7fca475740cc41e9c4e1d34b");
  }

  @Test
  void shouldNotSignWithoutASecret() {
    assertThat(CallbackSigner.signature(List.of(), BODY, AT)).isEmpty();
    assertThat(CallbackSigner.signature(Arrays.asList("", null), BODY, AT)).isEmpty();
  }
}
