package io.sokoni.platform.discount;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The discount arithmetic, pure (no Spring, no database): lines and candidate rules in, a
 * {@link DiscountOutcome} out. One rule set, meant to be simple for a merchant to predict:
 * <ol>
 * <li><b>Money</b> is integer minor units ({@code long}); no floating point anywhere. A line's total is
 * {@code quantity * unitPriceCents}; the cart subtotal is the sum of the line totals.</li>
 * <li><b>Eligible lines</b> of a rule: every line (storewide), the lines of its product (product), or the
 * lines whose product is in its category (category: the product's own category, not its
 * subcategories).</li>
 * <li><b>Minimum</b>: a rule applies only when the cart subtotal (before any discount) is at least its
 * {@code minSubtotalCents}; otherwise it is listed as not applied ("Spend at least KES 2,000.00").</li>
 * <li><b>Percentage</b>: each eligible line gets {@code floor(lineTotal * percent / 100)}. Rounding is
 * down, so the shopper gets less than one minor unit less per line than exact math would give (never
 * more), and the result never depends on how lines are grouped.</li>
 * <li><b>Amount off</b>: once per cart, {@code min(amountOff, eligible total)}, spread over the eligible
 * lines in proportion to their totals by the largest-remainder method (each line first gets the floor
 * of its exact share; the minor units left over go one each to the lines with the largest remainders,
 * ties to the smaller variant id), so the parts add up exactly to the amount.</li>
 * <li><b>Buy X get Y</b>: the eligible lines' units form one group; with {@code n} units in it,
 * {@code floor(n / (X + Y)) * Y} units are free, and they are the cheapest units of the group (ties to
 * the smaller variant id). Buy 2 get 1 with 7 units frees the 2 cheapest.</li>
 * <li><b>Combining</b>: every applicable rule (the automatic ones and the coupon's) is computed on the
 * undiscounted line totals, and the discounts on a line add up, but a line never gets more discount
 * than its total. When that cap bites, the rules are served in a fixed order (automatic rules by id,
 * which is creation order, then the coupon's), so the later rule gets what is left. The cart's discount
 * is the sum of its lines' and so never exceeds the subtotal, and each applied entry shows what it
 * really gave: the entries add up to {@code discountCents}, as the line discounts do.</li>
 * <li>A rule that ends up giving nothing (no eligible line, not enough units for buy X get Y, rounding
 * to zero, or lines already fully discounted) is listed as not applied, with the reason.</li>
 * </ol>
 * The outcome's line discounts are keyed by variant (two lines of one variant are added together); the
 * result does not depend on the order of the lines or of the rules given.
 */
public final class DiscountCalculator {

	private DiscountCalculator() {
	}

	/** What a rule gives, mirroring {@code price_rules.kind}. */
	public enum Kind {

		PERCENTAGE("percentage"), AMOUNT("amount"), BUY_X_GET_Y("buy_x_get_y");

		private final String value;

		Kind(String value) {
			this.value = value;
		}

		public String value() {
			return value;
		}

		public static Kind of(String value) {
			for (Kind kind : values()) {
				if (kind.value.equals(value)) {
					return kind;
				}
			}
			throw new IllegalArgumentException("Unknown kind " + value);
		}

	}

	/** Which lines a rule covers, mirroring {@code price_rules.scope}. */
	public enum Scope {

		STOREWIDE("storewide"), PRODUCT("product"), CATEGORY("category");

		private final String value;

		Scope(String value) {
			this.value = value;
		}

		public String value() {
			return value;
		}

		public static Scope of(String value) {
			for (Scope scope : values()) {
				if (scope.value.equals(value)) {
					return scope;
				}
			}
			throw new IllegalArgumentException("Unknown scope " + value);
		}

	}

	/**
	 * A candidate rule, as {@code price_rules} holds it, with the coupon code that brought it (null for an
	 * automatic rule). The kind's own fields must be set (the schema guarantees it).
	 */
	public record Rule(UUID id, String name, Kind kind, Integer percentOff, Long amountOffCents, Integer buyQuantity,
			Integer getQuantity, Scope scope, UUID productId, UUID categoryId, long minSubtotalCents,
			String couponCode) {

		public Rule {
			Objects.requireNonNull(id, "id");
			Objects.requireNonNull(kind, "kind");
			Objects.requireNonNull(scope, "scope");
			switch (kind) {
				case PERCENTAGE -> require(percentOff != null && percentOff >= 1 && percentOff <= 100, "percentOff");
				case AMOUNT -> require(amountOffCents != null && amountOffCents > 0, "amountOffCents");
				case BUY_X_GET_Y -> require(buyQuantity != null && buyQuantity >= 1 && getQuantity != null
						&& getQuantity >= 1, "buyQuantity/getQuantity");
			}
			require(minSubtotalCents >= 0, "minSubtotalCents");
		}

		boolean covers(DiscountLine line) {
			return switch (scope) {
				case STOREWIDE -> true;
				case PRODUCT -> Objects.equals(productId, line.productId());
				case CATEGORY -> categoryId != null && categoryId.equals(line.categoryId());
			};
		}

		private static void require(boolean valid, String field) {
			if (!valid) {
				throw new IllegalArgumentException("Invalid " + field + " for this kind of rule");
			}
		}

	}

	/** The sum of the line totals. */
	public static long subtotal(List<DiscountLine> lines) {
		long subtotal = 0;
		for (DiscountLine line : lines) {
			subtotal = Math.addExact(subtotal, total(line));
		}
		return subtotal;
	}

	/**
	 * The discounts of these rules on these lines; {@code currency} (ISO 4217, may be null) only words the
	 * reasons. The outcome's coupon id and refusal are left null: the caller knows the coupon.
	 */
	public static DiscountOutcome calculate(List<DiscountLine> lines, List<Rule> rules, String currency) {
		// Lines in a fixed order (by variant, then price and quantity), so nothing depends on the caller's.
		List<DiscountLine> ordered = lines.stream().peek(DiscountCalculator::check).sorted(LINE_ORDER).toList();
		long subtotal = subtotal(ordered);
		long[] room = new long[ordered.size()];
		for (int i = 0; i < room.length; i++) {
			room[i] = total(ordered.get(i));
		}
		long[] given = new long[ordered.size()];
		List<DiscountOutcome.AppliedDiscount> applied = new ArrayList<>();
		List<DiscountOutcome.NotApplied> notApplied = new ArrayList<>();

		for (Rule rule : ordered(rules)) {
			if (subtotal < rule.minSubtotalCents()) {
				notApplied.add(notApplied(rule, "Spend at least " + money(rule.minSubtotalCents(), currency)
						+ " to get this discount"));
				continue;
			}
			boolean[] eligible = new boolean[ordered.size()];
			boolean any = false;
			for (int i = 0; i < eligible.length; i++) {
				eligible[i] = rule.covers(ordered.get(i));
				any |= eligible[i];
			}
			if (!any) {
				notApplied.add(notApplied(rule, "No item in the cart qualifies for this discount"));
				continue;
			}
			long[] wanted = switch (rule.kind()) {
				case PERCENTAGE -> percentage(ordered, eligible, rule.percentOff());
				case AMOUNT -> amountOff(ordered, eligible, rule.amountOffCents());
				case BUY_X_GET_Y -> buyXGetY(ordered, eligible, rule.buyQuantity(), rule.getQuantity());
			};
			long wantedTotal = 0;
			long ruleTotal = 0;
			for (int i = 0; i < wanted.length; i++) {
				long part = Math.min(wanted[i], room[i]);
				room[i] -= part;
				given[i] += part;
				ruleTotal += part;
				wantedTotal += wanted[i];
			}
			if (ruleTotal > 0) {
				applied.add(new DiscountOutcome.AppliedDiscount(rule.id(), rule.name(), rule.kind().value(),
						rule.couponCode(), ruleTotal));
			}
			else if (wantedTotal > 0) {
				notApplied.add(notApplied(rule, "The items it covers are already fully discounted"));
			}
			else if (rule.kind() == Kind.BUY_X_GET_Y) {
				notApplied.add(notApplied(rule, "Buy " + rule.buyQuantity() + " to get " + rule.getQuantity()
						+ " free: the cart has too few qualifying items"));
			}
			else {
				notApplied.add(notApplied(rule, "The qualifying items are too cheap for this discount"));
			}
		}

		Map<UUID, Long> byVariant = new LinkedHashMap<>();
		long discount = 0;
		for (int i = 0; i < given.length; i++) {
			if (given[i] > 0) {
				byVariant.merge(ordered.get(i).variantId(), given[i], Long::sum);
				discount += given[i];
			}
		}
		return new DiscountOutcome(discount, Map.copyOf(byVariant), List.copyOf(applied), List.copyOf(notApplied),
				null, null);
	}

	/** Per eligible line, {@code floor(lineTotal * percent / 100)}. */
	static long[] percentage(List<DiscountLine> lines, boolean[] eligible, int percent) {
		long[] parts = new long[lines.size()];
		for (int i = 0; i < parts.length; i++) {
			if (eligible[i]) {
				parts[i] = BigInteger.valueOf(total(lines.get(i)))
					.multiply(BigInteger.valueOf(percent))
					.divide(HUNDRED)
					.longValueExact();
			}
		}
		return parts;
	}

	/**
	 * {@code min(amount, eligible total)} spread over the eligible lines in proportion to their totals, by
	 * largest remainder (ties to the earlier line of the fixed order): the parts add up exactly.
	 */
	static long[] amountOff(List<DiscountLine> lines, boolean[] eligible, long amount) {
		long[] parts = new long[lines.size()];
		long eligibleTotal = 0;
		for (int i = 0; i < parts.length; i++) {
			if (eligible[i]) {
				eligibleTotal = Math.addExact(eligibleTotal, total(lines.get(i)));
			}
		}
		if (eligibleTotal == 0) {
			return parts;
		}
		long spread = Math.min(amount, eligibleTotal);
		BigInteger whole = BigInteger.valueOf(eligibleTotal);
		long[] remainders = new long[parts.length];
		long left = spread;
		for (int i = 0; i < parts.length; i++) {
			if (eligible[i]) {
				// Exact share spread * lineTotal / eligibleTotal: floor now, remainder for the leftover units.
				BigInteger[] division = BigInteger.valueOf(spread)
					.multiply(BigInteger.valueOf(total(lines.get(i))))
					.divideAndRemainder(whole);
				parts[i] = division[0].longValueExact();
				remainders[i] = division[1].longValueExact();
				left -= parts[i];
			}
		}
		// Fewer leftover units than eligible lines, since each floor lost less than one.
		List<Integer> byRemainder = new ArrayList<>();
		for (int i = 0; i < parts.length; i++) {
			if (eligible[i]) {
				byRemainder.add(i);
			}
		}
		byRemainder.sort(Comparator.<Integer>comparingLong(i -> remainders[i]).reversed()
			.thenComparing(Comparator.naturalOrder()));
		for (int k = 0; k < left; k++) {
			parts[byRemainder.get(k)]++;
		}
		return parts;
	}

	/** {@code floor(n / (x + y)) * y} of the group's units are free, the cheapest first. */
	static long[] buyXGetY(List<DiscountLine> lines, boolean[] eligible, int buy, int get) {
		long[] parts = new long[lines.size()];
		long units = 0;
		List<Integer> cheapestFirst = new ArrayList<>();
		for (int i = 0; i < parts.length; i++) {
			if (eligible[i]) {
				units += lines.get(i).quantity();
				cheapestFirst.add(i);
			}
		}
		long free = units / (buy + get) * get;
		// Stable sort over the fixed line order: equal prices go to the smaller variant id first.
		cheapestFirst.sort(Comparator.comparingLong(i -> lines.get(i).unitPriceCents()));
		for (int i : cheapestFirst) {
			if (free == 0) {
				break;
			}
			long taken = Math.min(free, lines.get(i).quantity());
			parts[i] = Math.multiplyExact(taken, lines.get(i).unitPriceCents());
			free -= taken;
		}
		return parts;
	}

	/** Amounts as a shopper reads them: "KES 2,000.00"; plain minor units without a known currency. */
	static String money(long cents, String currency) {
		Currency known = null;
		try {
			known = currency == null ? null : Currency.getInstance(currency);
		}
		catch (IllegalArgumentException ex) {
			// unknown code: fall back to minor units
		}
		if (known == null || known.getDefaultFractionDigits() < 0) {
			return cents + " (minor units)";
		}
		int digits = known.getDefaultFractionDigits();
		java.math.BigDecimal amount = java.math.BigDecimal.valueOf(cents, digits);
		return known.getCurrencyCode() + " " + String.format(Locale.ROOT, "%,." + digits + "f", amount);
	}

	private static final BigInteger HUNDRED = BigInteger.valueOf(100);

	private static final Comparator<DiscountLine> LINE_ORDER = Comparator
		.comparing(DiscountLine::variantId, Comparator.nullsFirst(Comparator.naturalOrder()))
		.thenComparingLong(DiscountLine::unitPriceCents)
		.thenComparingInt(DiscountLine::quantity)
		.thenComparing(DiscountLine::productId, Comparator.nullsFirst(Comparator.naturalOrder()))
		.thenComparing(DiscountLine::categoryId, Comparator.nullsFirst(Comparator.naturalOrder()));

	/** Automatic rules by id (creation order), then the coupon's rules. */
	private static List<Rule> ordered(List<Rule> rules) {
		return rules.stream()
			.sorted(Comparator.comparing((Rule r) -> r.couponCode() != null).thenComparing(Rule::id))
			.toList();
	}

	private static DiscountOutcome.NotApplied notApplied(Rule rule, String reason) {
		return new DiscountOutcome.NotApplied(rule.id(), rule.name(), rule.couponCode(), reason);
	}

	private static long total(DiscountLine line) {
		return Math.multiplyExact(line.quantity(), line.unitPriceCents());
	}

	private static void check(DiscountLine line) {
		if (line.quantity() <= 0 || line.unitPriceCents() < 0) {
			throw new IllegalArgumentException("A line needs a positive quantity and a price of at least zero");
		}
	}

}
