package dev.loupe.journal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads one stored schema version of an event type as the next version. Stored events never change: the
 * journal applies the chain of upcasters when it reads.
 */
public interface EventUpcaster {

  /** The stored type name this upcaster reads. */
  String type();

  /** The schema version it reads; it produces {@code fromVersion() + 1}. */
  int fromVersion();

  /** The payload at the next version; the argument is a copy the upcaster may change. */
  ObjectNode upcast(ObjectNode payload);
}
