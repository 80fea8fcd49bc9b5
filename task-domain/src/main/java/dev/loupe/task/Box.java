package dev.loupe.task;

/** An axis-aligned box in image pixels: top-left corner, width and height. */
public record Box(double x, double y, double w, double h) {}
