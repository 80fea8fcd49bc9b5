package dev.loupe.benchmarks.pricetags;

import ai.onnxruntime.OrtEnvironment;
import dev.loupe.benchmarks.MachineFacts;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the inference report says about the machine: the journal report's facts plus ONNX Runtime's. */
final class Machine {

  private Machine() {}

  /** Call from a thread with a large stack: it loads ONNX Runtime's native library to ask its version. */
  static Map<String, String> facts(int intraOpThreads) {
    Map<String, String> facts = new LinkedHashMap<>(MachineFacts.collect());
    facts.put("ONNX Runtime", OrtEnvironment.getEnvironment().getVersion() + " (CPU), " + intraOpThreads
        + " intra-op threads per model, server and in-process alike");
    return facts;
  }
}
