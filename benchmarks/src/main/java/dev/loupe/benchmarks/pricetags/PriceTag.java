package dev.loupe.benchmarks.pricetags;

import dev.loupe.task.Box;

/**
 * The ground truth of one rendered price tag: the price as printed and the axis-aligned box around its ink in
 * image pixels, which is what the text detector should find (the text line, not the whole tag).
 */
public record PriceTag(String text, Box textBox) {}
