package dev.loupe.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferTensorTest {

  @Test
  void fp32IsLittleEndianAndReadsBack() {
    InferTensor tensor = InferTensor.fp32("x", new long[] {2}, new float[] {1.0f, -2.5f});

    assertThat(tensor.data().toByteArray()).containsExactly(0, 0, (byte) 0x80, 0x3f, 0, 0, 0x20, (byte) 0xc0);
    assertThat(tensor.floats()).containsExactly(1.0f, -2.5f);
  }

  @Test
  void int64AndUint8ReadBack() {
    assertThat(InferTensor.int64("ids", new long[] {1, 3}, new long[] {1, -1, Long.MAX_VALUE}).longs())
        .containsExactly(1, -1, Long.MAX_VALUE);
    assertThat(InferTensor.uint8("pixels", new long[] {2, 2}, new byte[] {0, 1, (byte) 255, 7}).uint8s())
        .containsExactly(0, 1, 255, 7);
  }

  @Test
  void bytesCarryALengthPrefixPerElement() {
    InferTensor tensor = InferTensor.bytes("text", new long[] {2},
        List.of("ab".getBytes(StandardCharsets.UTF_8), new byte[0]));

    assertThat(tensor.data().toByteArray()).containsExactly(2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0);
    assertThat(tensor.byteElements()).map(String::new).containsExactly("ab", "");
  }

  @Test
  void dataMustFitTheShape() {
    assertThatThrownBy(() -> InferTensor.fp32("x", new long[] {1, 3}, new float[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 12 bytes, got 8");
    assertThatThrownBy(() -> InferTensor.raw("x", Datatype.FP32, new long[] {-1}, ByteString.EMPTY))
        .hasMessageContaining("unknown dimension");
    assertThatThrownBy(() -> InferTensor.bytes("t", new long[] {2}, List.of(new byte[1])))
        .hasMessageContaining("needs 2 elements, got 1");
  }

  @Test
  void readingAsAnotherTypeFails() {
    assertThatThrownBy(() -> InferTensor.uint8("x", new long[] {1}, new byte[1]).floats())
        .isInstanceOf(IllegalStateException.class);
  }
}
