package io.sokoni.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Pattern;

/**
 * An email address both Bean Validation and the schema's checks accept (null is valid; combine with
 * {@code @NotBlank}). {@code @Email} alone lets through addresses such as {@code a@localhost} that the
 * database's {@code ^[^@\s]+@[^@\s]+\.[^@\s]+$} refuses, which used to surface as a 409.
 */
@Documented
@Email
@Pattern(regexp = Patterns.EMAIL)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidEmail {

	String message() default "must be an email address such as name@example.com";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
