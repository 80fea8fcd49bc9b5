package dev.loupe.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.loupe.journal.EventJournal;
import dev.loupe.journal.EventMetadata;
import dev.loupe.journal.ExpectedVersion;
import dev.loupe.journal.NewEvent;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Admins' actions as events in the journal, each with who did it: a client registered, a key rotated, a person
 * made or changed, a team changed, a model registered, a recipe deployed, months archived. A stream per thing
 * acted on ({@code admin-client-acme}, {@code admin-user-ayse}), so the relay publishes them to
 * {@code loupe.events.admin} in order per thing. Details never hold a secret, key, token or password (hash):
 * callers pass only what is safe to keep forever.
 */
@Component
public class AdminAudit {

  /** What kind of thing an action is on; part of the stream's name. */
  public enum Subject { CLIENT, USER, TEAM, MODEL, RECIPE, JOURNAL }

  private final EventJournal journal;
  private final ObjectMapper json;

  AdminAudit(EventJournal journal, ObjectMapper json) {
    this.journal = journal;
    this.json = json;
  }

  /**
   * @param type the event's type, a past-tense fact ({@code ClientRegistered})
   * @param id the thing acted on: a client's or a team's id, a username, a class group, a recipe's file name
   * @param details what the action set, without secrets
   */
  public void record(String type, Subject subject, String id, Map<String, ?> details) {
    String actor = currentActor();
    String streamId = "admin-" + subject.name().toLowerCase(Locale.ROOT) + "-" + id;
    try {
      journal.append(streamId, ExpectedVersion.ANY, List.of(new NewEvent(UUID.randomUUID(), type, 1, Instant.now(),
          json.writeValueAsString(details), new EventMetadata(streamId, UUID.randomUUID().toString(), actor))));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the details of " + type, e);
    }
  }

  /** Who makes the current request ({@code client:acme}, a username), or {@code loupe} for Loupe itself. */
  public static String currentActor() {
    Authentication caller = SecurityContextHolder.getContext().getAuthentication();
    return caller == null || !caller.isAuthenticated() ? "loupe" : caller.getName();
  }
}
