package dev.loupe.benchmarks.learning;

import dev.loupe.task.Box;

/** The ground truth of one rendered product: its class id and the box it fills, in image pixels. */
public record ShelfProduct(String classId, Box box) {}
