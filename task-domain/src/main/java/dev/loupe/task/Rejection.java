package dev.loupe.task;

import java.net.URI;

/**
 * Why a task cannot be done as asked: one of its images can never be used, as a worker found (ImageRejected: it
 * could not be fetched, or is not an image) or an operator judged (ImageDeclaredUnusable: blurred, too dark...).
 *
 * @param problem what is wrong with the image, in words the client is told
 * @param reason the operator's reason; null when a worker rejected the image
 * @param note what the operator added in their own words; null for none
 */
public record Rejection(int imageIndex, URI image, String problem, UnusableReason reason, String note) {

  static Rejection of(TaskEvent.ImageRejected rejected) {
    return new Rejection(rejected.imageIndex(), rejected.image(), rejected.problem(), null, null);
  }

  static Rejection of(TaskEvent.ImageDeclaredUnusable declared) {
    return new Rejection(declared.imageIndex(), declared.image(), declared.reason().problem(), declared.reason(),
        declared.note());
  }
}
