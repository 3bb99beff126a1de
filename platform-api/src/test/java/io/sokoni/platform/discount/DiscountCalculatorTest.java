package io.sokoni.platform.discount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.discount.DiscountCalculator.Kind;
import io.sokoni.platform.discount.DiscountCalculator.Rule;
import io.sokoni.platform.discount.DiscountCalculator.Scope;
import org.junit.jupiter.api.Test;

/** Hand-computed examples of the documented rule set. */
class DiscountCalculatorTest {

	// Fixed variant ids, so the order they sort in (the tie-break) is known: A < B < C.
	private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");

	private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");

	private static final UUID C = UUID.fromString("00000000-0000-0000-0000-00000000000c");

	private static final UUID SHOES = UUID.randomUUID();

	private static final UUID HATS = UUID.randomUUID();

	private static final UUID FOOTWEAR = UUID.randomUUID();

	@Test
	void percentageRoundsEachLineDown() {
		// 10% of 999 is 99.9 -> 99; of 1001 is 100.1 -> 100
		DiscountOutcome outcome = calculate(List.of(line(A, SHOES, 3, 333), line(B, HATS, 1, 1001)),
				percent(10, Scope.STOREWIDE, null, null));

		assertThat(outcome.lineDiscounts()).isEqualTo(Map.of(A, 99L, B, 100L));
		assertThat(outcome.discountCents()).isEqualTo(199);
		assertThat(outcome.applied()).singleElement().satisfies(a -> {
			assertThat(a.kind()).isEqualTo("percentage");
			assertThat(a.discountCents()).isEqualTo(199);
		});
	}

	@Test
	void amountOffIsSpreadByLargestRemainder() {
		// 100 over totals 999 and 1001 (of 2000): exact shares 49.95 and 50.05 -> floors 49 and 50, one unit
		// left goes to the larger remainder (A's .95)
		DiscountOutcome outcome = calculate(List.of(line(A, SHOES, 3, 333), line(B, HATS, 1, 1001)),
				amount(100, Scope.STOREWIDE, null, null));

		assertThat(outcome.lineDiscounts()).isEqualTo(Map.of(A, 50L, B, 50L));
		assertThat(outcome.discountCents()).isEqualTo(100);
	}

	@Test
	void amountOffThreeWaysSumsExactly() {
		// 100 over three equal lines: 33 each, the last unit to the first by variant id
		DiscountOutcome outcome = calculate(
				List.of(line(C, SHOES, 1, 500), line(A, SHOES, 1, 500), line(B, SHOES, 1, 500)),
				amount(100, Scope.STOREWIDE, null, null));

		assertThat(outcome.lineDiscounts()).isEqualTo(Map.of(A, 34L, B, 33L, C, 33L));
	}

	@Test
	void scopedAmountOffAppliesOnceAndNeverAboveTheEligibleTotal() {
		DiscountOutcome outcome = calculate(List.of(line(A, SHOES, 2, 1000), line(B, HATS, 1, 5000)),
				amount(5000, Scope.PRODUCT, SHOES, null));

		assertThat(outcome.lineDiscounts()).isEqualTo(Map.of(A, 2000L));
		assertThat(outcome.discountCents()).isEqualTo(2000);
	}

	@Test
	void buyTwoGetOneFreesTheCheapestUnits() {
		// 3 x 500 and 4 x 200: 7 units -> 2 free, both at 200
		DiscountOutcome outcome = calculate(List.of(line(A, SHOES, 3, 500), line(B, SHOES, 4, 200)),
				buyGet(2, 1, Scope.PRODUCT, SHOES));

		assertThat(outcome.lineDiscounts()).isEqualTo(Map.of(B, 400L));
		assertThat(outcome.discountCents()).isEqualTo(400);
	}

	@Test
	void buyXGetYWithTooFewUnitsSaysWhy() {
		DiscountOutcome outcome = calculate(List.of(line(A, SHOES, 2, 500)), buyGet(2, 1, Scope.STOREWIDE, null));

		assertThat(outcome.discountCents()).isZero();
		assertThat(outcome.notApplied()).singleElement()
			.satisfies(n -> assertThat(n.reason()).contains("Buy 2 to get 1 free"));
	}

	@Test
	void discountsAddUpPerLineButNeverBeyondTheLineTotal() {
		Rule automatic = percent(60, Scope.STOREWIDE, null, null);
		Rule coupon = coupon(percent(50, Scope.STOREWIDE, null, null), "HALF");

		DiscountOutcome outcome = calculate(List.of(line(A, SHOES, 1, 1000)), coupon, automatic);

		assertThat(outcome.discountCents()).isEqualTo(1000);
		assertThat(outcome.applied()).extracting(DiscountOutcome.AppliedDiscount::discountCents)
			.containsExactly(600L, 400L);
		assertThat(outcome.applied().get(1).couponCode()).isEqualTo("HALF");
	}

	@Test
	void automaticAndCouponDiscountsAddUp() {
		// 10% of 2000 = 200 automatic, then 300 off by coupon: 500 in all
		DiscountOutcome outcome = calculate(List.of(line(A, SHOES, 2, 1000)), percent(10, Scope.STOREWIDE, null, null),
				coupon(amount(300, Scope.STOREWIDE, null, null), "TAKE300"));

		assertThat(outcome.discountCents()).isEqualTo(500);
		assertThat(outcome.lineDiscounts()).isEqualTo(Map.of(A, 500L));
	}

	@Test
	void ruleBelowItsMinimumIsListedWithTheAmountToSpend() {
		Rule rule = new Rule(UUID.randomUUID(), "Big spender", Kind.PERCENTAGE, 10, null, null, null, Scope.STOREWIDE,
				null, null, 200_000, null);

		DiscountOutcome outcome = calculate(List.of(line(A, SHOES, 1, 150_000)), rule);

		assertThat(outcome.discountCents()).isZero();
		assertThat(outcome.notApplied()).singleElement()
			.satisfies(n -> assertThat(n.reason()).isEqualTo("Spend at least KES 2,000.00 to get this discount"));
	}

	@Test
	void categoryRulesCoverOnlyThatCategorysProducts() {
		DiscountOutcome outcome = calculate(
				List.of(new DiscountLine(SHOES, A, FOOTWEAR, 1, 1000), new DiscountLine(HATS, B, null, 1, 1000)),
				percent(25, Scope.CATEGORY, null, FOOTWEAR));

		assertThat(outcome.lineDiscounts()).isEqualTo(Map.of(A, 250L));
	}

	@Test
	void aRuleForAProductNotInTheCartIsNotApplied() {
		DiscountOutcome outcome = calculate(List.of(line(A, HATS, 1, 1000)), percent(25, Scope.PRODUCT, SHOES, null));

		assertThat(outcome.applied()).isEmpty();
		assertThat(outcome.notApplied()).singleElement()
			.satisfies(n -> assertThat(n.reason()).isEqualTo("No item in the cart qualifies for this discount"));
	}

	@Test
	void invalidLinesAndRulesAreRefused() {
		assertThatThrownBy(() -> calculate(List.of(line(A, SHOES, 0, 100))))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new Rule(UUID.randomUUID(), "x", Kind.PERCENTAGE, null, 100L, null, null,
				Scope.STOREWIDE, null, null, 0, null))
			.isInstanceOf(IllegalArgumentException.class);
	}

	@Test
	void moneyIsWordedInTheStoresCurrency() {
		assertThat(DiscountCalculator.money(200_000, "KES")).isEqualTo("KES 2,000.00");
		assertThat(DiscountCalculator.money(5, "KES")).isEqualTo("KES 0.05");
		assertThat(DiscountCalculator.money(1234, null)).isEqualTo("1234 (minor units)");
	}

	private static DiscountOutcome calculate(List<DiscountLine> lines, Rule... rules) {
		return DiscountCalculator.calculate(lines, List.of(rules), "KES");
	}

	private static DiscountLine line(UUID variant, UUID product, int quantity, long price) {
		return new DiscountLine(product, variant, null, quantity, price);
	}

	private static Rule percent(int percent, Scope scope, UUID product, UUID category) {
		return new Rule(UUID.randomUUID(), percent + "% off", Kind.PERCENTAGE, percent, null, null, null, scope,
				product, category, 0, null);
	}

	private static Rule amount(long cents, Scope scope, UUID product, UUID category) {
		return new Rule(UUID.randomUUID(), cents + " off", Kind.AMOUNT, null, cents, null, null, scope, product,
				category, 0, null);
	}

	private static Rule buyGet(int buy, int get, Scope scope, UUID product) {
		return new Rule(UUID.randomUUID(), "Buy " + buy + " get " + get, Kind.BUY_X_GET_Y, null, null, buy, get,
				scope, product, null, 0, null);
	}

	private static Rule coupon(Rule r, String code) {
		return new Rule(r.id(), r.name(), r.kind(), r.percentOff(), r.amountOffCents(), r.buyQuantity(),
				r.getQuantity(), r.scope(), r.productId(), r.categoryId(), r.minSubtotalCents(), code);
	}

}
