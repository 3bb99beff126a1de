package io.sokoni.platform.operator;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.ZoneId;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A time zone region Java knows ({@code Africa/Nairobi}; null is valid). The tenant's zone is read with
 * {@code ZoneId.of} for its day boundaries (the cash report): a name of the right shape that names no
 * zone ({@code Mars/Olympus}) was stored and failed there with a 500.
 */
@Documented
@Constraint(validatedBy = KnownTimeZone.Validator.class)
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@interface KnownTimeZone {

	String message() default "must be a time zone such as Africa/Nairobi";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<KnownTimeZone, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || ZoneId.getAvailableZoneIds().contains(value);
		}

	}

}
