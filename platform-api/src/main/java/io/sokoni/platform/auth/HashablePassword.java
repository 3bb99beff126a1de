package io.sokoni.platform.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A password bcrypt can hash: at most 72 bytes in UTF-8 (bcrypt reads no further, and Spring's encoder
 * refuses longer input rather than silently ignore the rest). 128 characters may be far more bytes, so
 * {@code @Size} alone does not cover it. Null is valid; combine with {@code @NotBlank}.
 */
@Documented
@Constraint(validatedBy = HashablePassword.Validator.class)
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
public @interface HashablePassword {

	int MAX_BYTES = 72;

	String message() default "must be at most 72 bytes in UTF-8 (fewer characters when they are not plain ASCII)";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<HashablePassword, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || fits(value);
		}

		static boolean fits(String password) {
			return password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
		}

	}

}
