package dev.loupe.readmodels.projection;

import dev.loupe.readmodels.JournalMessage;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * How a read model turns journal events into Elasticsearch documents. Every method writes to or reads from the
 * {@code target} alias it is given: the live one, or the one a rebuild fills. An {@link IOException} (or any
 * exception other than a rejection) is an infrastructure failure: the batch is tried again, nothing is dropped.
 */
public interface Projection {

  ReadModelDefinition definition();

  /**
   * Applies a batch of events (each stream's in version order) with one multi-get and one bulk request.
   *
   * @return the events it could not use (a message that disagrees with the journal, an event the journal does not
   *     hold): dead letters
   */
  List<Rejected> project(List<JournalMessage> events, String target) throws IOException;

  /** Makes the stream's documents what the journal says, whatever the Kafka messages were. */
  void repair(String streamId, String target) throws IOException;

  /**
   * The ids of those events the documents already reflect (each, or a later event of its stream), found with one
   * multi-get for the lot: dead letters are checked by the thousand.
   */
  Set<String> covered(List<JournalMessage> events, String target) throws IOException;
}
