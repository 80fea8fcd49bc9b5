package dev.loupe.journal;

import java.util.Set;

/**
 * Which streams {@link EventJournal#readStreamHeads} lists: those whose ids start with {@code streamPrefix} and whose
 * last event's stored type is one of {@code lastEventTypes} or, when {@code matching} is false, none of them.
 */
public record StreamHeadFilter(String streamPrefix, Set<String> lastEventTypes, boolean matching) {

  public StreamHeadFilter {
    lastEventTypes = Set.copyOf(lastEventTypes);
  }

  /** Streams with this prefix whose last event is of one of these types. */
  public static StreamHeadFilter lastEventIn(String streamPrefix, String... types) {
    return new StreamHeadFilter(streamPrefix, Set.of(types), true);
  }

  /** Streams with this prefix whose last event is of none of these types. */
  public static StreamHeadFilter lastEventNotIn(String streamPrefix, String... types) {
    return new StreamHeadFilter(streamPrefix, Set.of(types), false);
  }
}
