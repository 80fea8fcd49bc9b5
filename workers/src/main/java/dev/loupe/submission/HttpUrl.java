package dev.loupe.submission;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * An absolute http or https URL with a host and no userinfo ({@code user@host}, which hides the host from a
 * reader). Only the syntax: what the host may be is the outbound policy's decision, when Loupe connects.
 */
@Pattern(regexp = "https?://[^\\s/?#@]+([/?#][^\\s]*)?")
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({TYPE_USE, FIELD, PARAMETER, RECORD_COMPONENT})
@Retention(RUNTIME)
@interface HttpUrl {

  String message() default "must be an absolute http(s) URL";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
