package dev.loupe.readmodels.operatormonitor;

/**
 * One closed operator session in the {@code operator-sessions} index, keyed by {@code sessionId}: who worked on
 * which task, for how long, and what their session changed (the summarized diff the session's finish recorded).
 *
 * @param reason why the task was with the operators when the session opened: {@code QUALITY_CHECK} (the servers'
 *     result is checked), {@code MODEL_NOT_FOUND} (the operator does the work no model could), {@code RESENT} (the
 *     client sent the done task back); null when none was recorded
 * @param claimedAt the time of the OperatorAssigned that opened the session
 * @param endedAt the time of the OperatorFinished, OperatorReleased or ImageDeclaredUnusable that closed it
 * @param day the UTC date ({@code yyyy-MM-dd}) of {@code endedAt}: what the per-day figures group by
 * @param outcome {@value SessionProjection#FINISHED}, {@value SessionProjection#RELEASED} (given back, or an idle
 *     claim lapsed) or {@value SessionProjection#UNUSABLE} (the operator declared an image unusable)
 * @param activeSeconds {@code endedAt - claimedAt} for a finished or unusable session, 0 for a released one
 *     (docs/operator-monitor.md)
 * @param textsCorrected the tags whose text the operator typed
 * @param objectsChanged added + moved + relabeled + removed + textsCorrected, summed at index time
 * @param checkedAutomaticResult whether this was a finished check of the servers' result ({@code QUALITY_CHECK})
 * @param acceptedUnchanged a checked automatic result the operator finished without any change
 * @param version the stream version of the event that closed the session: the document's external version
 */
public record SessionView(
    String sessionId,
    String operatorId,
    String taskId,
    String type,
    String classGroupKey,
    String reason,
    String claimedAt,
    String endedAt,
    String day,
    String outcome,
    long activeSeconds,
    int added,
    int moved,
    int relabeled,
    int removed,
    int textsCorrected,
    int objectsChanged,
    boolean checkedAutomaticResult,
    boolean acceptedUnchanged,
    long version) {}
