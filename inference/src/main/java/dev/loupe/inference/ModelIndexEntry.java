package dev.loupe.inference;

/** One entry of a model repository's index: a model (and version), its state ("READY", ...) and why. */
public record ModelIndexEntry(String name, String version, String state, String reason) {}
