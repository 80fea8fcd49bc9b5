package dev.loupe.journal.internal;

import dev.loupe.journal.NewEvent;
import java.util.List;
import java.util.UUID;

/** New events as one array per column: a whole batch travels as the parameters of a single statement. */
record EventColumns(
    UUID[] ids,
    String[] types,
    Integer[] schemaVersions,
    String[] eventTimes,
    String[] correlations,
    String[] causations,
    String[] actors,
    String[] payloads) {

  static EventColumns of(List<NewEvent> events) {
    int size = events.size();
    EventColumns columns = new EventColumns(new UUID[size], new String[size], new Integer[size], new String[size],
        new String[size], new String[size], new String[size], new String[size]);
    for (int i = 0; i < size; i++) {
      NewEvent event = events.get(i);
      columns.ids[i] = event.eventId();
      columns.types[i] = event.type();
      columns.schemaVersions[i] = event.schemaVersion();
      columns.eventTimes[i] = event.eventTime().toString();
      columns.correlations[i] = event.metadata().correlationId();
      columns.causations[i] = event.metadata().causationId();
      columns.actors[i] = event.metadata().actor();
      columns.payloads[i] = event.payloadJson();
    }
    return columns;
  }
}
