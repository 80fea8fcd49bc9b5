package dev.loupe.journal.archive;

import dev.loupe.task.AdminAudit;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops' handle on the journal's months: which are still in the database, which were archived, and the command
 * that archives the old ones ({@code ./loupe archive <months>} calls it).
 */
@RestController
@RequestMapping("/api/v1/journal/archive")
class JournalArchiveController {

  /** Archive every month before the one {@code olderThanMonths} months back; at least 1 (the current month stays). */
  record ArchiveOldMonths(@NotNull @Min(1) Integer olderThanMonths) {}

  record ArchiveView(List<String> livePartitions, List<ArchivedPartition> archived) {}

  private final JournalArchive archive;
  private final AdminAudit audit;

  JournalArchiveController(JournalArchive archive, AdminAudit audit) {
    this.archive = archive;
    this.audit = audit;
  }

  @GetMapping
  ArchiveView status() {
    return new ArchiveView(archive.partitions(), archive.archived());
  }

  @PostMapping
  List<ArchivedPartition> archive(@Valid @RequestBody ArchiveOldMonths request) {
    List<ArchivedPartition> archived = archive.archiveOlderThan(request.olderThanMonths());
    audit.record("MonthsArchived", AdminAudit.Subject.JOURNAL, "archive", Map.of(
        "olderThanMonths", request.olderThanMonths(),
        "partitions", archived.stream().map(ArchivedPartition::partition).toList()));
    return archived;
  }
}
