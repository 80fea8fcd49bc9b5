package dev.loupe.embedded;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an embedded server's start-up failure into Spring Boot's short "APPLICATION FAILED TO START" report. */
class EmbeddedServerFailureAnalyzer extends AbstractFailureAnalyzer<EmbeddedServerException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, EmbeddedServerException cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}
