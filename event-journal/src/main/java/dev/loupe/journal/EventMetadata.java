package dev.loupe.journal;

/**
 * Who caused an event and in which chain of work: stored with every event.
 *
 * @param correlationId the id shared by every event of one piece of work (a task's id, usually)
 * @param causationId the id of what caused this event (a job key, a request's idempotency key, an event id)
 * @param actor who raised it: {@code worker:<job type>}, {@code operator:<id>}, {@code client:<id>}
 */
public record EventMetadata(String correlationId, String causationId, String actor) {}
