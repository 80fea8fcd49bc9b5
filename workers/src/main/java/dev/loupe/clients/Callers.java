package dev.loupe.clients;

import dev.loupe.task.TaskRejected;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who calls the task API. A client sends its API key as {@code Authorization: Bearer <key>} and sees only its
 * own tasks. A request without a key is Loupe's own staff (the operators' UI, ops): it may read every task, and
 * may create tasks only while {@code loupe.clients.require-api-key} is false, the embedded default.
 */
@Component
public class Callers {

  /** The client behind a request; empty for a request made without an API key. */
  public record Caller(Optional<Client> client) {

    public String clientId() {
      return client.map(Client::clientId).orElse(null);
    }

    /** Whether this caller may see a task of that client (null: a task made without a key). */
    public boolean sees(String taskClientId) {
      return client.isEmpty() || client.get().clientId().equals(taskClientId);
    }
  }

  private static final String BEARER = "Bearer ";

  private final ClientRegistry clients;
  private final boolean requireApiKey;

  Callers(ClientRegistry clients, @Value("${loupe.clients.require-api-key:false}") boolean requireApiKey) {
    this.clients = clients;
    this.requireApiKey = requireApiKey;
  }

  /**
   * @throws TaskRejected UNAUTHORIZED for a malformed or unknown key
   */
  public Caller of(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return new Caller(Optional.empty());
    }
    if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      throw new TaskRejected(TaskRejected.Reason.UNAUTHORIZED, "the Authorization header must be 'Bearer <API key>'");
    }
    Client client = clients.authenticate(authorization.substring(BEARER.length()).trim())
        .orElseThrow(() -> new TaskRejected(TaskRejected.Reason.UNAUTHORIZED, "unknown API key"));
    return new Caller(Optional.of(client));
  }

  /**
   * The caller that may create a task.
   *
   * @throws TaskRejected UNAUTHORIZED for a malformed or unknown key, or no key where one is required
   */
  public Caller creating(String authorization) {
    Caller caller = of(authorization);
    if (caller.client().isEmpty() && requireApiKey) {
      throw new TaskRejected(TaskRejected.Reason.UNAUTHORIZED,
          "creating a task needs a client's API key: Authorization: Bearer <API key>");
    }
    return caller;
  }
}
