package dev.loupe.readmodels.tasks;

import java.util.List;

/**
 * The waiting work one person's inbox holds: all of it (an admin's), or what the scopes of their teams take
 * (a task shows when one scope takes it; no scope that takes anything: nothing).
 */
public record InboxScope(boolean everything, List<WorkScope> scopes) {

  public InboxScope {
    scopes = List.copyOf(scopes);
  }

  public static InboxScope all() {
    return new InboxScope(true, List.of());
  }

  public static InboxScope of(List<WorkScope> scopes) {
    return new InboxScope(false, scopes);
  }

  /** Whether the scope can hold any task at all. */
  boolean holdsAnything() {
    return everything || scopes.stream().anyMatch(WorkScope::takesAnything);
  }
}
