package dev.loupe.readmodels.projection;

import dev.loupe.readmodels.JournalMessage;

/** An event a projection could not use, and why: it goes to the dead letters. */
public record Rejected(JournalMessage event, String reason) {}
