package dev.loupe.security;

import dev.loupe.clients.Client;
import dev.loupe.task.TaskRejected;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Who makes the current request, as the features need to know it: a client (its API key) sees and changes only its
 * own tasks; a person acts under their own name with their roles (an admin's include every staff role). Spring
 * Security has authenticated the request by then ({@link SecurityConfiguration}); a request that reaches a
 * controller without a caller is a configuration error.
 */
@Component
public class Callers {

  /** The caller of a request: a client, or a person named {@code name}. */
  public record Caller(String name, Optional<Client> client, Set<Role> roles) {

    public String clientId() {
      return client.map(Client::clientId).orElse(null);
    }

    /** Whether this caller may see a task of that client (null: a task made without a client). */
    public boolean sees(String taskClientId) {
      return client.isEmpty() || client.get().clientId().equals(taskClientId);
    }

    public boolean is(Role role) {
      return roles.contains(role);
    }
  }

  private final RoleHierarchy hierarchy;
  private final boolean staffTasks;

  Callers(RoleHierarchy hierarchy, @Value("${loupe.security.staff-tasks:false}") boolean staffTasks) {
    this.hierarchy = hierarchy;
    this.staffTasks = staffTasks;
  }

  /**
   * @throws IllegalStateException when the request was not authenticated
   */
  public Caller current() {
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication == null || !authentication.isAuthenticated()) {
      throw new IllegalStateException("no authenticated caller: the security filter chain lets this path through");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    hierarchy.getReachableGrantedAuthorities(authentication.getAuthorities())
        .forEach(authority -> Role.parse(authority.getAuthority()).ifPresent(roles::add));
    Optional<Client> client = authentication instanceof ClientAuthentication byKey
        ? Optional.of(byKey.getPrincipal())
        : Optional.empty();
    return new Caller(authentication.getName(), client, Set.copyOf(roles));
  }

  /**
   * The caller creating a task: a client, or a person while tasks without a client are on
   * ({@code loupe.security.staff-tasks}: on in the local distribution, off by default and so on a cluster).
   *
   * @throws TaskRejected FORBIDDEN for a person while tasks without a client are off
   */
  public Caller creating() {
    Caller caller = current();
    if (caller.client().isEmpty() && !staffTasks) {
      throw new TaskRejected(TaskRejected.Reason.FORBIDDEN,
          "creating a task needs a client's API key: Authorization: Bearer <API key> (tasks without a client are off:"
              + " loupe.security.staff-tasks)");
    }
    return caller;
  }
}
