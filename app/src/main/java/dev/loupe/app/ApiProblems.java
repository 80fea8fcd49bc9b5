package dev.loupe.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.loupe.journal.WrongExpectedVersion;
import dev.loupe.journal.archive.JournalArchive;
import dev.loupe.models.ModelNotReady;
import dev.loupe.readmodels.projection.DeadLetters;
import dev.loupe.readmodels.projection.Rebuilds;
import dev.loupe.recipes.RecipeProblem;
import dev.loupe.security.BodyTooLarge;
import dev.loupe.submission.CreateAdmission;
import dev.loupe.task.TaskRejected;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as {@code application/problem+json}; a bad request names each bad field in
 * {@code errors: [{field, message}]}.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

  record FieldError(String field, String message) {}

  /** A reason a recipe was refused: the field, the BPMN element it is about when it is about one, and the reason. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RecipeError(String field, String elementId, String message) {}

  /** PostgreSQL's codes for text it cannot take: invalid parameter value, not in repertoire, untranslatable. */
  private static final Set<String> UNSTORABLE_TEXT = Set.of("22023", "22021", "22P05");

  @ExceptionHandler(TaskRejected.class)
  ResponseEntity<ProblemDetail> rejected(TaskRejected rejected) {
    return switch (rejected.reason()) {
      case NOT_FOUND -> ResponseEntity.status(HttpStatus.NOT_FOUND)
          .body(problem(HttpStatus.NOT_FOUND, "Not found", rejected.getMessage(), List.of()));
      case CONFLICT -> ResponseEntity.status(HttpStatus.CONFLICT)
          .body(problem(HttpStatus.CONFLICT, "Conflict", rejected.getMessage(), List.of()));
      case INVALID -> ResponseEntity.badRequest()
          .body(problem(HttpStatus.BAD_REQUEST, "Invalid request", rejected.field() + " " + rejected.getMessage(),
              List.of(new FieldError(rejected.field(), rejected.getMessage()))));
      case FORBIDDEN -> ResponseEntity.status(HttpStatus.FORBIDDEN)
          .body(problem(HttpStatus.FORBIDDEN, "Forbidden", rejected.getMessage(), List.of()));
    };
  }

  /** A creation refused by admission control: 429, and when to send it again. */
  @ExceptionHandler(CreateAdmission.AtCapacity.class)
  ResponseEntity<ProblemDetail> atCapacity(CreateAdmission.AtCapacity refused) {
    return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
        .header(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds()))
        .body(problem(HttpStatus.TOO_MANY_REQUESTS, "At capacity", refused.getMessage(), List.of()));
  }

  @ExceptionHandler(ModelNotReady.class)
  ProblemDetail modelNotReady(ModelNotReady notReady) {
    return problem(HttpStatus.UNPROCESSABLE_ENTITY, "Model not ready", notReady.getMessage(), List.of());
  }

  /** Each reason is an error of the field; one about a BPMN element names it ({@code elementId}) for a diagram. */
  @ExceptionHandler(RecipeProblem.class)
  ProblemDetail recipeRefused(RecipeProblem refused) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, refused.getMessage());
    problem.setTitle("Recipe refused");
    problem.setProperties(Map.of("errors", refused.problems().stream()
        .map(reason -> new RecipeError(refused.field(), reason.elementId(), reason.message()))
        .toList()));
    return problem;
  }

  @ExceptionHandler(Rebuilds.RebuildRunning.class)
  ProblemDetail rebuildRunning(Rebuilds.RebuildRunning running) {
    return problem(HttpStatus.CONFLICT, "Conflict", running.getMessage(), List.of());
  }

  @ExceptionHandler(JournalArchive.MonthsHeld.class)
  ProblemDetail monthsHeld(JournalArchive.MonthsHeld held) {
    return problem(HttpStatus.CONFLICT, "Conflict", held.getMessage(), List.of());
  }

  @ExceptionHandler(DeadLetters.ReplayFailed.class)
  ProblemDetail replayFailed(DeadLetters.ReplayFailed failed) {
    return problem(HttpStatus.UNPROCESSABLE_ENTITY, "Replay failed", failed.getMessage(), List.of());
  }

  /**
   * A text the database cannot store (a NUL character, an escape PostgreSQL refuses) is the request's fault: 400,
   * and its transaction is rolled back. Any other database error stays a 500.
   */
  @ExceptionHandler(DataAccessException.class)
  ResponseEntity<ProblemDetail> database(DataAccessException failure) {
    Throwable cause = failure;
    while (cause != null) {
      if (cause instanceof SQLException sql && UNSTORABLE_TEXT.contains(sql.getSQLState())) {
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid request",
            "a text holds a character Loupe cannot store (such as NUL, \\u0000)", List.of()));
      }
      cause = cause.getCause();
    }
    throw failure;
  }

  @ExceptionHandler(WrongExpectedVersion.class)
  ProblemDetail raced(WrongExpectedVersion raced) {
    return problem(HttpStatus.CONFLICT, "Conflict", "the task changed meanwhile: " + raced.getMessage(), List.of());
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException invalid, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldError> errors = invalid.getBindingResult().getFieldErrors().stream()
        .map(error -> new FieldError(error.getField(), error.getDefaultMessage()))
        .toList();
    return badRequest(errors);
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException invalid, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    List<FieldError> errors = new ArrayList<>();
    for (ParameterValidationResult result : invalid.getParameterValidationResults()) {
      if (result instanceof ParameterErrors body) {
        body.getFieldErrors().forEach(error -> errors.add(new FieldError(error.getField(), error.getDefaultMessage())));
        continue;
      }
      String name = parameterName(result.getMethodParameter().getParameterName(),
          result.getMethodParameter().getParameterAnnotations());
      result.getResolvableErrors().forEach(error -> errors.add(new FieldError(name, error.getDefaultMessage())));
    }
    return badRequest(errors);
  }

  @Override
  protected ResponseEntity<Object> handleServletRequestBindingException(
      ServletRequestBindingException missing, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (missing instanceof MissingRequestHeaderException header) {
      return badRequest(List.of(new FieldError(header.getHeaderName(), "header is required")));
    }
    return badRequest(List.of(new FieldError("request", missing.getMessage())));
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException mismatch, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String field = mismatch instanceof MethodArgumentTypeMismatchException argument
        ? argument.getName()
        : mismatch.getPropertyName();
    return badRequest(List.of(new FieldError(field, "has the wrong type or format: " + mismatch.getValue())));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException unreadable, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    if (NestedExceptionUtils.getMostSpecificCause(unreadable) instanceof BodyTooLarge tooLarge) {
      return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
          .body(problem(HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large", tooLarge.getMessage(), List.of()));
    }
    if (unreadable.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = mapping.getPath().stream()
          .map(reference -> reference.getFieldName() != null ? "." + reference.getFieldName()
              : "[" + reference.getIndex() + "]")
          .collect(Collectors.joining())
          .substring(1);
      return badRequest(List.of(new FieldError(field, "has the wrong type or format: " + mapping.getOriginalMessage())));
    }
    return badRequest(List.of(new FieldError("body", "is not readable JSON")));
  }

  private static String parameterName(String name, java.lang.annotation.Annotation[] annotations) {
    for (java.lang.annotation.Annotation annotation : annotations) {
      if (annotation instanceof org.springframework.web.bind.annotation.RequestHeader header) {
        return header.value().isEmpty() ? header.name() : header.value();
      }
    }
    return name;
  }

  private static ResponseEntity<Object> badRequest(List<FieldError> errors) {
    String detail = errors.stream().map(error -> error.field() + " " + error.message())
        .collect(Collectors.joining("; "));
    return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid request", detail, errors));
  }

  private static ProblemDetail problem(HttpStatus status, String title, String detail, List<FieldError> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    if (!errors.isEmpty()) {
      problem.setProperties(Map.of("errors", errors));
    }
    return problem;
  }
}
