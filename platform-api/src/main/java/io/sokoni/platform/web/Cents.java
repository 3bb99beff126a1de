package io.sokoni.platform.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.sokoni.platform.Amounts;
import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * An amount of money in minor units, from 0 to {@link Amounts#MAX_PRICE_CENTS} (null is valid; combine
 * with {@code @NotNull}, or {@code @Positive} where 0 makes no sense). The schema's check constraints
 * hold the same cap (V30).
 */
@Documented
@PositiveOrZero
@Max(Amounts.MAX_PRICE_CENTS)
@ReportAsSingleViolation
@Constraint(validatedBy = {})
@Target({ ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface Cents {

	String message() default "must be whole minor units from 0 to " + Amounts.MAX_PRICE_CENTS;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
