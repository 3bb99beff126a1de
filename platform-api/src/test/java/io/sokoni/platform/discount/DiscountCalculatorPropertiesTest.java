package io.sokoni.platform.discount;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.sokoni.platform.discount.DiscountCalculator.Kind;
import io.sokoni.platform.discount.DiscountCalculator.Rule;
import io.sokoni.platform.discount.DiscountCalculator.Scope;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The calculator's invariants over generated carts and rules (jqwik). */
class DiscountCalculatorPropertiesTest {

	/** A few products and categories, so that scoped rules often match and sometimes do not. */
	private static final List<UUID> PRODUCTS = ids(4);

	private static final List<UUID> CATEGORIES = ids(3);

	@Property(tries = 2000)
	void discountIsNeverNegativeNorAboveTheSubtotalOrALinesTotal(@ForAll("carts") List<DiscountLine> lines,
			@ForAll("ruleSets") List<Rule> rules) {
		DiscountOutcome outcome = DiscountCalculator.calculate(lines, rules, "KES");
		long subtotal = DiscountCalculator.subtotal(lines);

		assertThat(outcome.discountCents()).isBetween(0L, subtotal);
		Map<UUID, Long> totals = totalsByVariant(lines);
		outcome.lineDiscounts().forEach((variant, discount) -> {
			assertThat(discount).isPositive();
			assertThat(discount).isLessThanOrEqualTo(totals.get(variant));
		});
	}

	@Property(tries = 2000)
	void partsAddUpToTheTotal(@ForAll("carts") List<DiscountLine> lines, @ForAll("ruleSets") List<Rule> rules) {
		DiscountOutcome outcome = DiscountCalculator.calculate(lines, rules, "KES");

		assertThat(outcome.lineDiscounts().values().stream().mapToLong(Long::longValue).sum())
			.isEqualTo(outcome.discountCents());
		assertThat(outcome.applied().stream().mapToLong(DiscountOutcome.AppliedDiscount::discountCents).sum())
			.isEqualTo(outcome.discountCents());
		assertThat(outcome.applied()).allSatisfy(a -> assertThat(a.discountCents()).isPositive());
		// every rule is accounted for exactly once, applied or not
		assertThat(outcome.applied().size() + outcome.notApplied().size()).isEqualTo(rules.size());
	}

	@Property(tries = 2000)
	void percentageIsWithinOneMinorUnitPerLineOfExactMath(@ForAll("carts") List<DiscountLine> lines,
			@ForAll @IntRange(min = 1, max = 100) int percent) {
		DiscountOutcome outcome = DiscountCalculator.calculate(lines, List.of(rule(Kind.PERCENTAGE, percent, null,
				null, null, Scope.STOREWIDE, null, null, 0)), "KES");

		// exact * 100 = subtotal * percent; the result is at most one unit per line below, never above
		BigInteger exactTimes100 = BigInteger.valueOf(DiscountCalculator.subtotal(lines))
			.multiply(BigInteger.valueOf(percent));
		BigInteger givenTimes100 = BigInteger.valueOf(outcome.discountCents()).multiply(BigInteger.valueOf(100));
		assertThat(givenTimes100).isLessThanOrEqualTo(exactTimes100);
		assertThat(exactTimes100.subtract(givenTimes100))
			.isLessThan(BigInteger.valueOf(100L * lines.size()));
		for (DiscountLine line : lines) {
			long exact = line.quantity() * line.unitPriceCents() * percent; // fits: bounded generators
			long got = outcome.lineDiscounts().getOrDefault(line.variantId(), 0L);
			assertThat(got * 100).isLessThanOrEqualTo(exact).isGreaterThan(exact - 100);
		}
	}

	@Property(tries = 2000)
	void amountOffPartsSumExactlyAndAreProportional(@ForAll("carts") List<DiscountLine> lines,
			@ForAll @LongRange(min = 1, max = 5_000_000) long amount) {
		DiscountOutcome outcome = DiscountCalculator.calculate(lines,
				List.of(rule(Kind.AMOUNT, null, amount, null, null, Scope.STOREWIDE, null, null, 0)), "KES");
		long subtotal = DiscountCalculator.subtotal(lines);

		assertThat(outcome.discountCents()).isEqualTo(Math.min(amount, subtotal));
		long spread = Math.min(amount, subtotal);
		for (DiscountLine line : lines) {
			long total = line.quantity() * line.unitPriceCents();
			long got = outcome.lineDiscounts().getOrDefault(line.variantId(), 0L);
			// largest remainder: each part is the floor or the ceiling of its exact share
			BigInteger[] share = BigInteger.valueOf(spread)
				.multiply(BigInteger.valueOf(total))
				.divideAndRemainder(BigInteger.valueOf(Math.max(subtotal, 1)));
			long floor = share[0].longValueExact();
			assertThat(got).isBetween(floor, share[1].signum() == 0 ? floor : floor + 1);
		}
	}

	@Property(tries = 2000)
	void buyXGetYFreesExactlyTheCheapestUnits(@ForAll("carts") List<DiscountLine> lines,
			@ForAll @IntRange(min = 1, max = 5) int buy, @ForAll @IntRange(min = 1, max = 3) int get) {
		DiscountOutcome outcome = DiscountCalculator.calculate(lines,
				List.of(rule(Kind.BUY_X_GET_Y, null, null, buy, get, Scope.STOREWIDE, null, null, 0)), "KES");

		long units = lines.stream().mapToLong(DiscountLine::quantity).sum();
		long free = units / (buy + get) * get;
		List<Long> unitPrices = new ArrayList<>();
		lines.forEach(l -> unitPrices.addAll(Collections.nCopies(l.quantity(), l.unitPriceCents())));
		unitPrices.sort(Comparator.naturalOrder());
		long cheapest = unitPrices.stream().limit(free).mapToLong(Long::longValue).sum();
		assertThat(outcome.discountCents()).isEqualTo(cheapest);
		// and per line, whole units: each line's discount is a multiple of its unit price, at most the free units
		long freedUnits = 0;
		for (DiscountLine line : lines) {
			long got = outcome.lineDiscounts().getOrDefault(line.variantId(), 0L);
			if (line.unitPriceCents() > 0) {
				assertThat(got % line.unitPriceCents()).isZero();
				freedUnits += got / line.unitPriceCents();
			}
		}
		assertThat(freedUnits).isLessThanOrEqualTo(free);
	}

	@Property(tries = 1000)
	void theOrderOfLinesAndRulesChangesNothing(@ForAll("carts") List<DiscountLine> lines,
			@ForAll("ruleSets") List<Rule> rules, @ForAll long seed) {
		DiscountOutcome outcome = DiscountCalculator.calculate(lines, rules, "KES");
		List<DiscountLine> shuffledLines = new ArrayList<>(lines);
		List<Rule> shuffledRules = new ArrayList<>(rules);
		Collections.shuffle(shuffledLines, new Random(seed));
		Collections.shuffle(shuffledRules, new Random(seed + 1));

		DiscountOutcome again = DiscountCalculator.calculate(shuffledLines, shuffledRules, "KES");
		assertThat(again.discountCents()).isEqualTo(outcome.discountCents());
		assertThat(again.lineDiscounts()).isEqualTo(outcome.lineDiscounts());
		assertThat(again.applied()).isEqualTo(outcome.applied());
	}

	@Property(tries = 1000)
	void rulesBelowTheirMinimumGiveNothing(@ForAll("carts") List<DiscountLine> lines,
			@ForAll @IntRange(min = 1, max = 100) int percent) {
		long subtotal = DiscountCalculator.subtotal(lines);
		DiscountOutcome outcome = DiscountCalculator.calculate(lines,
				List.of(rule(Kind.PERCENTAGE, percent, null, null, null, Scope.STOREWIDE, null, null, subtotal + 1)),
				"KES");

		assertThat(outcome.discountCents()).isZero();
		assertThat(outcome.notApplied()).singleElement()
			.satisfies(n -> assertThat(n.reason()).startsWith("Spend at least KES "));
	}

	@Provide
	Arbitrary<List<DiscountLine>> carts() {
		Arbitrary<DiscountLine> line = Combinators.combine(Arbitraries.of(PRODUCTS),
				Arbitraries.of(CATEGORIES).injectNull(0.2), Arbitraries.integers().between(1, 50),
				Arbitraries.longs().between(0, 2_000_000).edgeCases(c -> c.add(1L)))
			.as((product, category, quantity, price) -> new DiscountLine(product, UUID.randomUUID(), category,
					quantity, price));
		return line.list().ofMinSize(1).ofMaxSize(8);
	}

	@Provide
	Arbitrary<List<Rule>> ruleSets() {
		Arbitrary<Scope> scopes = Arbitraries.of(Scope.class);
		Arbitrary<Rule> percentage = Combinators
			.combine(Arbitraries.integers().between(1, 100), scopes, Arbitraries.of(PRODUCTS),
					Arbitraries.of(CATEGORIES), minimums())
			.as((p, s, product, category, min) -> rule(Kind.PERCENTAGE, p, null, null, null, s, product, category,
					min));
		Arbitrary<Rule> amount = Combinators
			.combine(Arbitraries.longs().between(1, 10_000_000), scopes, Arbitraries.of(PRODUCTS),
					Arbitraries.of(CATEGORIES), minimums())
			.as((a, s, product, category, min) -> rule(Kind.AMOUNT, null, a, null, null, s, product, category, min));
		Arbitrary<Rule> bxgy = Combinators
			.combine(Arbitraries.integers().between(1, 5), Arbitraries.integers().between(1, 3), scopes,
					Arbitraries.of(PRODUCTS), Arbitraries.of(CATEGORIES), minimums())
			.as((b, g, s, product, category, min) -> rule(Kind.BUY_X_GET_Y, null, null, b, g, s, product, category,
					min));
		Arbitrary<Rule> any = Arbitraries.oneOf(percentage, amount, bxgy);
		return Combinators.combine(any.list().ofMaxSize(4), any.injectNull(0.5))
			.as((automatic, coupon) -> {
				List<Rule> all = new ArrayList<>(automatic);
				if (coupon != null) {
					all.add(withCoupon(coupon, "SAVE10"));
				}
				return all;
			});
	}

	private static Arbitrary<Long> minimums() {
		return Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(0, 20_000_000));
	}

	static Rule rule(Kind kind, Integer percent, Long amount, Integer buy, Integer get, Scope scope, UUID product,
			UUID category, long min) {
		return new Rule(UUID.randomUUID(), kind.value() + " rule", kind, percent, amount, buy, get, scope,
				scope == Scope.PRODUCT ? product : null, scope == Scope.CATEGORY ? category : null, min, null);
	}

	private static Rule withCoupon(Rule r, String code) {
		return new Rule(r.id(), r.name(), r.kind(), r.percentOff(), r.amountOffCents(), r.buyQuantity(),
				r.getQuantity(), r.scope(), r.productId(), r.categoryId(), r.minSubtotalCents(), code);
	}

	private static Map<UUID, Long> totalsByVariant(List<DiscountLine> lines) {
		Map<UUID, Long> totals = new java.util.HashMap<>();
		lines.forEach(l -> totals.merge(l.variantId(), l.quantity() * l.unitPriceCents(), Long::sum));
		return totals;
	}

	private static List<UUID> ids(int n) {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			ids.add(UUID.randomUUID());
		}
		return List.copyOf(ids);
	}

}
