package dev.loupe.journal.archive;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where archived journal partitions go ({@code loupe.journal.archive.*}).
 *
 * @param directory the archive files' directory; keep it on durable storage and back it up with the database
 * @param monthsAhead how many months after the current one always have a partition ready
 */
@ConfigurationProperties("loupe.journal.archive")
public record ArchiveProperties(
    @DefaultValue(".loupe/journal-archive") Path directory,
    @DefaultValue("2") int monthsAhead) {}
