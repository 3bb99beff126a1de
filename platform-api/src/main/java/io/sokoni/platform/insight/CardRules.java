package io.sokoni.platform.insight;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The insight card rules, as pure functions of one store's figures (so each rule is tested on figures
 * that should fire it and figures that should not). Every card carries the figures it was judged on.
 */
final class CardRules {

	/** Abandoned carts of one area in the last 30 days; feeLed = after a fee quote above zero, or for delivery cost. */
	record AreaFigures(String area, long carts, long feeLed, long quotedFeeCents, long afterFeeQuote) {
	}

	/** One product's last 30 days. */
	record ProductFigures(UUID productId, long views, long addToCarts, long orders) {
	}

	/** Payments started and failed in the last 7 days and in the 28 days before. */
	record PaymentFigures(long recentStarted, long recentFailed, long baselineStarted, long baselineFailed) {
	}

	/** One query's last 7 days. */
	record SearchFigures(String query, long searches, long empty) {
	}

	record Card(String rule, String subject, String category, String severity, String title, String body,
			UUID productId, String area, Map<String, Object> snapshot) {
	}

	private CardRules() {
	}

	/**
	 * The area whose delivery fee precedes most abandonments: the area with the most fee-led abandoned
	 * carts, when it has at least {@code areaMinAbandonments} of them and they are at least
	 * {@code areaFeeShare} of the area's abandonments. Action from three quarters on.
	 */
	static List<Card> deliveryFeeAbandonment(List<AreaFigures> areas, InsightProperties.Cards t) {
		return areas.stream()
			.filter(a -> a.carts() > 0 && a.feeLed() >= t.areaMinAbandonments()
					&& (double) a.feeLed() / a.carts() >= t.areaFeeShare())
			.max(Comparator.comparingLong(AreaFigures::feeLed).thenComparing(AreaFigures::area))
			.map(a -> {
				double share = (double) a.feeLed() / a.carts();
				Map<String, Object> snapshot = snapshot("periodDays", 30, "cityArea", a.area(), "abandonedCarts",
						a.carts(), "feeLedAbandonments", a.feeLed(), "share", round(share), "averageQuotedFeeCents",
						a.afterFeeQuote() == 0 ? null : a.quotedFeeCents() / a.afterFeeQuote(), "threshold",
						t.areaFeeShare());
				return List.of(new Card("delivery_fee_abandonment", a.area(), "delivery", share >= 0.75 ? "action" : "warn",
						"Delivery fee drives shoppers away in " + a.area(),
						a.feeLed() + " of " + a.carts() + " carts abandoned in " + a.area()
								+ " in the last 30 days were left after a delivery fee was quoted. Consider a lower fee or free delivery above an order value there.",
						null, a.area(), snapshot));
			})
			.orElse(List.of());
	}

	/**
	 * Products viewed often and rarely bought: at least {@code productMinViews} views and orders per
	 * view below {@code productMaxConversion}; the five most viewed. Action when never bought.
	 */
	static List<Card> productLowConversion(List<ProductFigures> products, InsightProperties.Cards t) {
		return products.stream()
			.filter(p -> p.views() >= t.productMinViews() && (double) p.orders() / p.views() < t.productMaxConversion())
			.sorted(Comparator.comparingLong(ProductFigures::views).reversed().thenComparing(ProductFigures::productId))
			.limit(5)
			.map(p -> new Card("product_low_conversion", p.productId().toString(), "pricing",
					p.orders() == 0 ? "action" : "warn", "Viewed often, rarely bought",
					"This product was viewed " + p.views() + " times in the last 30 days and ordered " + p.orders()
							+ " times. Check its price, photos and description against what shoppers expect.",
					p.productId(), null,
					snapshot("periodDays", 30, "views", p.views(), "addToCarts", p.addToCarts(), "orders", p.orders(),
							"conversionRate", round((double) p.orders() / p.views()), "threshold",
							t.productMaxConversion())))
			.toList();
	}

	/**
	 * A payment failure rate above normal: at least {@code paymentMinStarted} payments started in the
	 * last 7 days, failing at least 1.5 times as often as normal and at least 10 points above it. Normal
	 * is the store's own rate of the 28 days before when it has enough payments then, else
	 * {@code paymentNormalFailureRate}. Action from one failure in two.
	 */
	static List<Card> paymentFailureRate(PaymentFigures f, InsightProperties.Cards t) {
		if (f.recentStarted() < t.paymentMinStarted()) {
			return List.of();
		}
		double rate = (double) f.recentFailed() / f.recentStarted();
		boolean ownHistory = f.baselineStarted() >= t.paymentMinStarted();
		double normal = ownHistory ? (double) f.baselineFailed() / f.baselineStarted() : t.paymentNormalFailureRate();
		if (rate < normal * 1.5 || rate - normal < 0.10) {
			return List.of();
		}
		return List.of(new Card("payment_failure_rate", "store", "payment", rate >= 0.5 ? "action" : "warn",
				"Payments are failing more than usual",
				Math.round(rate * 100) + "% of the " + f.recentStarted() + " payments started in the last 7 days failed, against "
						+ Math.round(normal * 100) + "% normally. Shoppers may be cancelling the M-Pesa prompt or have too little balance; remind them of cash on delivery.",
				null, null,
				snapshot("periodDays", 7, "paymentsStarted", f.recentStarted(), "paymentsFailed", f.recentFailed(),
						"failureRate", round(rate), "normalFailureRate", round(normal), "normalFrom",
						ownHistory ? "the store's previous 28 days" : "the platform default", "baselineStarted",
						f.baselineStarted(), "baselineFailed", f.baselineFailed())));
	}

	/** Searches finding nothing: the queries with at least {@code searchMinEmpty} empty answers, ten at most. */
	static List<Card> searchesWithoutResults(List<SearchFigures> searches, InsightProperties.Cards t) {
		List<SearchFigures> empty = searches.stream()
			.filter(s -> s.empty() >= t.searchMinEmpty())
			.sorted(Comparator.comparingLong(SearchFigures::empty).reversed().thenComparing(SearchFigures::query))
			.limit(10)
			.toList();
		if (empty.isEmpty()) {
			return List.of();
		}
		long total = empty.stream().mapToLong(SearchFigures::empty).sum();
		List<Map<String, Object>> queries = new ArrayList<>();
		empty.forEach(s -> queries.add(snapshot("query", s.query(), "searches", s.searches(), "emptySearches", s.empty())));
		return List.of(new Card("searches_without_results", "store", "catalog", total >= 20 ? "warn" : "info",
				"Shoppers search for what they cannot find",
				"In the last 7 days shoppers searched " + total + " times for things your store did not show, e.g. \""
						+ empty.get(0).query() + "\". Add those products, or the words shoppers use to your product names.",
				null, null, snapshot("periodDays", 7, "queries", queries, "threshold", t.searchMinEmpty())));
	}

	private static double round(double value) {
		return Math.round(value * 10_000) / 10_000.0;
	}

	/** An ordered map of name-value pairs (values may be null). */
	private static Map<String, Object> snapshot(Object... pairs) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put((String) pairs[i], pairs[i + 1]);
		}
		return map;
	}

}
