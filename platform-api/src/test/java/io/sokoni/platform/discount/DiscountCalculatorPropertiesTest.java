package io.sokoni.platform.discount;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

import io.sokoni.platform.discount.DiscountCalculator.Kind;
import io.sokoni.platform.discount.DiscountCalculator.Rule;
import io.sokoni.platform.discount.DiscountCalculator.Scope;
import org.junit.jupiter.api.Test;

/**
 * The calculator's invariants over generated carts and rules: property-based tests written as plain JUnit 5.
 *
 * <p>
 * Each test draws many cases (carts of 1..8 lines with quantities 1..50 and unit prices 0..2,000,000 minor units,
 * rule sets of up to 4 automatic rules of every kind and scope plus an optional coupon) from a
 * {@link java.util.Random} seeded with that test's fixed seed, so every run checks the same cases. Each case has its
 * own seed; a failure reports the test seed, the case number, the case seed and the generated inputs. To replay one
 * case alone, run the test with {@code -Ddiscount.case=<case seed>}.
 *
 * <p>
 * Checked: the discount is never negative nor above the subtotal or a line's total; the per-line parts and the applied
 * rules add up to the total and every rule is accounted for once; a percentage is within one minor unit per line of
 * the exact amount and never above it; an amount off is spread exactly and proportionally (largest remainder); buy X
 * get Y frees exactly the cheapest units, whole units per line; the order of lines and rules changes nothing; a rule
 * below its minimum subtotal gives nothing.
 */
class DiscountCalculatorPropertiesTest {

	/** A few products and categories, so that scoped rules often match and sometimes do not. */
	private static final List<UUID> PRODUCTS = ids("product", 4);

	private static final List<UUID> CATEGORIES = ids("category", 3);

	@Test
	void discountIsNeverNegativeNorAboveTheSubtotalOrALinesTotal() {
		forAll(0x5EED_0001L, 2000, gen -> {
			List<DiscountLine> lines = gen.cart();
			List<Rule> rules = gen.ruleSet();
			DiscountOutcome outcome = DiscountCalculator.calculate(lines, rules, "KES");
			long subtotal = DiscountCalculator.subtotal(lines);

			assertThat(outcome.discountCents()).isBetween(0L, subtotal);
			Map<UUID, Long> totals = totalsByVariant(lines);
			outcome.lineDiscounts().forEach((variant, discount) -> {
				assertThat(discount).isPositive();
				assertThat(discount).isLessThanOrEqualTo(totals.get(variant));
			});
		});
	}

	@Test
	void partsAddUpToTheTotal() {
		forAll(0x5EED_0002L, 2000, gen -> {
			List<DiscountLine> lines = gen.cart();
			List<Rule> rules = gen.ruleSet();
			DiscountOutcome outcome = DiscountCalculator.calculate(lines, rules, "KES");

			assertThat(outcome.lineDiscounts().values().stream().mapToLong(Long::longValue).sum())
				.isEqualTo(outcome.discountCents());
			assertThat(outcome.applied().stream().mapToLong(DiscountOutcome.AppliedDiscount::discountCents).sum())
				.isEqualTo(outcome.discountCents());
			assertThat(outcome.applied()).allSatisfy(a -> assertThat(a.discountCents()).isPositive());
			// every rule is accounted for exactly once, applied or not
			assertThat(outcome.applied().size() + outcome.notApplied().size()).isEqualTo(rules.size());
		});
	}

	@Test
	void percentageIsWithinOneMinorUnitPerLineOfExactMath() {
		forAll(0x5EED_0003L, 2000, gen -> {
			List<DiscountLine> lines = gen.cart();
			int percent = gen.intBetween("percent", 1, 100);
			DiscountOutcome outcome = DiscountCalculator.calculate(lines, List.of(rule(gen.id(), Kind.PERCENTAGE,
					percent, null, null, null, Scope.STOREWIDE, null, null, 0)), "KES");

			// exact * 100 = subtotal * percent; the result is at most one unit per line below, never above
			BigInteger exactTimes100 = BigInteger.valueOf(DiscountCalculator.subtotal(lines))
				.multiply(BigInteger.valueOf(percent));
			BigInteger givenTimes100 = BigInteger.valueOf(outcome.discountCents()).multiply(BigInteger.valueOf(100));
			assertThat(givenTimes100).isLessThanOrEqualTo(exactTimes100);
			assertThat(exactTimes100.subtract(givenTimes100)).isLessThan(BigInteger.valueOf(100L * lines.size()));
			for (DiscountLine line : lines) {
				long exact = line.quantity() * line.unitPriceCents() * percent; // fits: bounded generators
				long got = outcome.lineDiscounts().getOrDefault(line.variantId(), 0L);
				assertThat(got * 100).isLessThanOrEqualTo(exact).isGreaterThan(exact - 100);
			}
		});
	}

	@Test
	void amountOffPartsSumExactlyAndAreProportional() {
		forAll(0x5EED_0004L, 2000, gen -> {
			List<DiscountLine> lines = gen.cart();
			long amount = gen.longBetween("amount", 1, 5_000_000);
			DiscountOutcome outcome = DiscountCalculator.calculate(lines,
					List.of(rule(gen.id(), Kind.AMOUNT, null, amount, null, null, Scope.STOREWIDE, null, null, 0)),
					"KES");
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
		});
	}

	@Test
	void buyXGetYFreesExactlyTheCheapestUnits() {
		forAll(0x5EED_0005L, 2000, gen -> {
			List<DiscountLine> lines = gen.cart();
			int buy = gen.intBetween("buy", 1, 5);
			int get = gen.intBetween("get", 1, 3);
			DiscountOutcome outcome = DiscountCalculator.calculate(lines,
					List.of(rule(gen.id(), Kind.BUY_X_GET_Y, null, null, buy, get, Scope.STOREWIDE, null, null, 0)),
					"KES");

			long units = lines.stream().mapToLong(DiscountLine::quantity).sum();
			long free = units / (buy + get) * get;
			List<Long> unitPrices = new ArrayList<>();
			lines.forEach(l -> unitPrices.addAll(Collections.nCopies(l.quantity(), l.unitPriceCents())));
			unitPrices.sort(Comparator.naturalOrder());
			long cheapest = unitPrices.stream().limit(free).mapToLong(Long::longValue).sum();
			assertThat(outcome.discountCents()).isEqualTo(cheapest);
			// and per line, whole units: each line's discount is a multiple of its unit price, at most the free
			// units
			long freedUnits = 0;
			for (DiscountLine line : lines) {
				long got = outcome.lineDiscounts().getOrDefault(line.variantId(), 0L);
				if (line.unitPriceCents() > 0) {
					assertThat(got % line.unitPriceCents()).isZero();
					freedUnits += got / line.unitPriceCents();
				}
			}
			assertThat(freedUnits).isLessThanOrEqualTo(free);
		});
	}

	@Test
	void theOrderOfLinesAndRulesChangesNothing() {
		forAll(0x5EED_0006L, 1000, gen -> {
			List<DiscountLine> lines = gen.cart();
			List<Rule> rules = gen.ruleSet();
			long seed = gen.longValue("shuffle seed");
			DiscountOutcome outcome = DiscountCalculator.calculate(lines, rules, "KES");
			List<DiscountLine> shuffledLines = new ArrayList<>(lines);
			List<Rule> shuffledRules = new ArrayList<>(rules);
			Collections.shuffle(shuffledLines, new Random(seed));
			Collections.shuffle(shuffledRules, new Random(seed + 1));

			DiscountOutcome again = DiscountCalculator.calculate(shuffledLines, shuffledRules, "KES");
			assertThat(again.discountCents()).isEqualTo(outcome.discountCents());
			assertThat(again.lineDiscounts()).isEqualTo(outcome.lineDiscounts());
			assertThat(again.applied()).isEqualTo(outcome.applied());
		});
	}

	@Test
	void rulesBelowTheirMinimumGiveNothing() {
		forAll(0x5EED_0007L, 1000, gen -> {
			List<DiscountLine> lines = gen.cart();
			int percent = gen.intBetween("percent", 1, 100);
			long subtotal = DiscountCalculator.subtotal(lines);
			DiscountOutcome outcome = DiscountCalculator.calculate(lines, List.of(rule(gen.id(), Kind.PERCENTAGE,
					percent, null, null, null, Scope.STOREWIDE, null, null, subtotal + 1)), "KES");

			assertThat(outcome.discountCents()).isZero();
			assertThat(outcome.notApplied()).singleElement()
				.satisfies(n -> assertThat(n.reason()).startsWith("Spend at least KES "));
		});
	}

	/**
	 * Runs {@code property} over {@code tries} cases, each generated from its own seed drawn from {@code seed}; with
	 * {@code -Ddiscount.case=<case seed>} runs that one case only. A failure names the seeds and the inputs.
	 */
	private static void forAll(long seed, int tries, Consumer<Gen> property) {
		String replay = System.getProperty("discount.case");
		Random seeds = new Random(seed);
		int cases = replay != null ? 1 : tries;
		for (int i = 0; i < cases; i++) {
			long caseSeed = replay != null ? Long.parseLong(replay) : seeds.nextLong();
			Gen gen = new Gen(caseSeed);
			try {
				property.accept(gen);
			}
			catch (AssertionError | RuntimeException failure) {
				throw new AssertionError("Property failed on case " + (i + 1) + " of " + cases + " (test seed " + seed
						+ ", case seed " + caseSeed + "; replay with -Ddiscount.case=" + caseSeed + ")\ninputs:\n"
						+ gen.inputs() + "\n" + failure.getMessage(), failure);
			}
		}
	}

	/** The generators: every value comes from one seeded {@link Random}, and the named inputs are recorded. */
	private static final class Gen {

		private final Random random;

		private final StringBuilder inputs = new StringBuilder();

		Gen(long seed) {
			this.random = new Random(seed);
		}

		String inputs() {
			return inputs.toString();
		}

		private <T> T record(String name, T value) {
			inputs.append("  ").append(name).append(" = ").append(value).append('\n');
			return value;
		}

		int intBetween(String name, int min, int max) {
			return record(name, anInt(min, max));
		}

		long longBetween(String name, long min, long max) {
			return record(name, aLong(min, max));
		}

		long longValue(String name) {
			return record(name, random.nextLong());
		}

		/** A seeded id (not {@link UUID#randomUUID()}), so that a case replays with the same ids. */
		UUID id() {
			return new UUID(random.nextLong(), random.nextLong());
		}

		/** 1..8 lines; a random product, a category or (one in five) none, 1..50 units at 0..2,000,000 each. */
		List<DiscountLine> cart() {
			int size = anInt(1, 8);
			List<DiscountLine> lines = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				UUID product = oneOf(PRODUCTS);
				UUID category = random.nextInt(5) == 0 ? null : oneOf(CATEGORIES);
				int quantity = anInt(1, 50);
				// like the edge cases a property library mixes in: free, one minor unit, the maximum
				long price = random.nextInt(10) == 0 ? oneOf(List.of(0L, 1L, 2_000_000L)) : aLong(0, 2_000_000);
				lines.add(new DiscountLine(product, id(), category, quantity, price));
			}
			return record("lines", lines);
		}

		/** 0..4 automatic rules of any kind and scope, and half the time a coupon rule ("SAVE10") as well. */
		List<Rule> ruleSet() {
			List<Rule> all = new ArrayList<>();
			int automatic = anInt(0, 4);
			for (int i = 0; i < automatic; i++) {
				all.add(anyRule());
			}
			if (random.nextBoolean()) {
				all.add(withCoupon(anyRule(), "SAVE10"));
			}
			return record("rules", all);
		}

		private Rule anyRule() {
			Kind kind = oneOf(List.of(Kind.values()));
			Scope scope = oneOf(List.of(Scope.values()));
			UUID product = oneOf(PRODUCTS);
			UUID category = oneOf(CATEGORIES);
			return switch (kind) {
				case PERCENTAGE -> rule(id(), kind, anInt(1, 100), null, null, null, scope, product, category,
						minimum());
				case AMOUNT -> rule(id(), kind, null, aLong(1, 10_000_000), null, null, scope, product, category,
						minimum());
				case BUY_X_GET_Y -> rule(id(), kind, null, null, anInt(1, 5), anInt(1, 3), scope, product, category,
						minimum());
			};
		}

		/** Half the time no minimum, otherwise 0..20,000,000. */
		private long minimum() {
			return random.nextBoolean() ? 0L : aLong(0, 20_000_000);
		}

		/** Uniform in [min, max], the bounds a little more often (as edge cases). */
		private int anInt(int min, int max) {
			return switch (random.nextInt(20)) {
				case 0 -> min;
				case 1 -> max;
				default -> random.nextInt(min, max + 1);
			};
		}

		private long aLong(long min, long max) {
			return switch (random.nextInt(20)) {
				case 0 -> min;
				case 1 -> max;
				default -> random.nextLong(min, max + 1);
			};
		}

		private <T> T oneOf(List<T> values) {
			return values.get(random.nextInt(values.size()));
		}

	}

	static Rule rule(UUID id, Kind kind, Integer percent, Long amount, Integer buy, Integer get, Scope scope,
			UUID product, UUID category, long min) {
		return new Rule(id, kind.value() + " rule", kind, percent, amount, buy, get, scope,
				scope == Scope.PRODUCT ? product : null, scope == Scope.CATEGORY ? category : null, min, null);
	}

	private static Rule withCoupon(Rule r, String code) {
		return new Rule(r.id(), r.name(), r.kind(), r.percentOff(), r.amountOffCents(), r.buyQuantity(),
				r.getQuantity(), r.scope(), r.productId(), r.categoryId(), r.minSubtotalCents(), code);
	}

	private static Map<UUID, Long> totalsByVariant(List<DiscountLine> lines) {
		Map<UUID, Long> totals = new HashMap<>();
		lines.forEach(l -> totals.merge(l.variantId(), l.quantity() * l.unitPriceCents(), Long::sum));
		return totals;
	}

	/** Fixed ids, so that every run generates the same cases. */
	private static List<UUID> ids(String kind, int n) {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < n; i++) {
			ids.add(UUID.nameUUIDFromBytes((kind + "-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		return List.copyOf(ids);
	}

}
