package dev.loupe.inference.server;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that run ONNX Runtime's native code. Its library needs much static thread-local storage, which glibc
 * carves out of each thread's stack: on a thread with the JVM's default 1 MiB stack, loading the library or the
 * detector crashed the JVM (SIGSEGV, no hs_err file). These daemon threads get a large stack instead.
 */
final class NativeThreads {

  private static final long STACK_BYTES = 64L * 1024 * 1024;

  private NativeThreads() {}

  /** A factory of daemon threads named {@code prefix-N} with a stack large enough for ONNX Runtime. */
  static ThreadFactory factory(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(null, task, prefix + "-" + count.incrementAndGet(), STACK_BYTES);
      thread.setDaemon(true);
      return thread;
    };
  }
}
