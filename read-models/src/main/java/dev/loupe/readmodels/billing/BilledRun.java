package dev.loupe.readmodels.billing;

/**
 * One billable fact of the {@code billing} index: a run of a task that ended, as the client is billed for it. A run
 * is a task's work from its creation, or from a reprocess, to the first time its outcome was delivered (TaskReported)
 * or to its cancellation (TaskCancelled).
 *
 * @param factId the id of the journal event that ended the run: the document's id, so a redelivered event rewrites
 *     it
 * @param clientId the task's client; {@value BillingProjection#NO_CLIENT} for a task asked for without one
 * @param month the UTC month ({@code yyyy-MM}) of {@code billedAt}: the month the run is billed in
 * @param billedAt the event time of the event that ended the run
 * @param path how the run's work was done: {@code automatic}, {@code checked} (an operator checked the model's
 *     result) or {@code operator} (no model: an operator did the work)
 * @param images the images the task was created with
 * @param outcome {@code reported} (a result delivered), {@code rejected} (an image could not be used: the rejection
 *     was delivered) or {@code cancelled}
 * @param reprocess whether the run is a reprocess the client asked for, not the task's first run
 * @param run the run's number: 0 for the first, n for the n-th reprocess
 */
public record BilledRun(
    String factId,
    String taskId,
    String clientId,
    String month,
    String billedAt,
    String type,
    String path,
    int images,
    String outcome,
    boolean reprocess,
    int run) {}
