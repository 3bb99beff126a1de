package io.sokoni.platform.discount;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems.FieldProblem;

/**
 * The field rules of price rules and coupons that a single field's annotation cannot say (they mirror
 * the schema's check constraints), checked on the values as they will be written, so a PATCH is checked
 * on the merged result.
 */
final class DiscountRules {

	private DiscountRules() {
	}

	static void check(PriceRuleValues v) {
		List<FieldProblem> problems = new ArrayList<>();
		boolean percentage = "percentage".equals(v.kind());
		boolean amount = "amount".equals(v.kind());
		boolean buyGet = "buy_x_get_y".equals(v.kind());
		need(problems, "percentOff", v.percentOff(), percentage, "percentage");
		need(problems, "amountOffCents", v.amountOffCents(), amount, "amount");
		need(problems, "buyQuantity", v.buyQuantity(), buyGet, "buy_x_get_y");
		need(problems, "getQuantity", v.getQuantity(), buyGet, "buy_x_get_y");
		need(problems, "productId", v.productId(), "product".equals(v.scope()), "product", "scope");
		need(problems, "categoryId", v.categoryId(), "category".equals(v.scope()), "category", "scope");
		window(problems, v.startsAt(), v.endsAt());
		throwIfAny(problems);
	}

	static void check(CouponValues v) {
		List<FieldProblem> problems = new ArrayList<>();
		window(problems, v.startsAt(), v.endsAt());
		throwIfAny(problems);
	}

	static ApiException invalid(String field, String message) {
		return invalid(List.of(new FieldProblem(field, message)));
	}

	private static void need(List<FieldProblem> problems, String field, Object value, boolean wanted, String kind) {
		need(problems, field, value, wanted, kind, "kind");
	}

	/** A field belongs to one kind (or scope): required there, not allowed elsewhere. */
	private static void need(List<FieldProblem> problems, String field, Object value, boolean wanted, String owner,
			String by) {
		if (wanted && value == null) {
			problems.add(new FieldProblem(field, "is required when " + by + " is " + owner));
		}
		else if (!wanted && value != null) {
			problems.add(new FieldProblem(field, "applies only when " + by + " is " + owner));
		}
	}

	private static void window(List<FieldProblem> problems, OffsetDateTime startsAt, OffsetDateTime endsAt) {
		if (startsAt != null && endsAt != null && !endsAt.isAfter(startsAt)) {
			problems.add(new FieldProblem("endsAt", "must be after startsAt"));
		}
	}

	private static void throwIfAny(List<FieldProblem> problems) {
		if (!problems.isEmpty()) {
			throw invalid(problems);
		}
	}

	private static ApiException invalid(List<FieldProblem> problems) {
		return new ApiException(ProblemType.VALIDATION_FAILED, "The request has invalid fields",
				Map.of("errors", problems));
	}

}
