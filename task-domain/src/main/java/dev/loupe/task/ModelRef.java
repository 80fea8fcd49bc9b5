package dev.loupe.task;

/** A model served by the inference server: its name and version, as the model registry gives them. */
public record ModelRef(String name, String version) {}
