package dev.loupe.inference.server;

import com.google.protobuf.ByteString;
import dev.loupe.inference.Datatype;

/** A tensor as the protocol carries it: data type, shape and raw little-endian bytes. */
record RawTensor(Datatype datatype, long[] shape, ByteString data) {

  /** The tensor's first dimension: its batch size when the model batches. */
  long batch() {
    return shape[0];
  }
}
