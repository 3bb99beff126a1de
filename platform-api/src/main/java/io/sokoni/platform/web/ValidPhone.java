package io.sokoni.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.sokoni.platform.PhoneNumbers;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A phone number {@link PhoneNumbers} can normalise (null is valid; combine with @NotNull). */
@Documented
@Constraint(validatedBy = ValidPhone.Validator.class)
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
public @interface ValidPhone {

	String message() default "must be a phone number such as 0712345678 or +254712345678";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<ValidPhone, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || PhoneNumbers.normalize(value).isPresent();
		}

	}

}
