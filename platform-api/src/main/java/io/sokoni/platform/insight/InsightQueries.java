package io.sokoni.platform.insight;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admin API's reads, over the daily aggregates only (never the events): a month of a store is at
 * most 31 rows per channel, area, product or query. Every statement names the bound tenant besides RLS,
 * so the (tenant_id, store_id, day) keys serve it. A null store means all the tenant's stores.
 */
@Service
@Transactional(readOnly = true)
class InsightQueries {

	/** The funnel's steps: product views, add to cart, checkout start, order, paid. */
	record Steps(long productViews, long addToCarts, long checkoutStarts, long orders, long paid, long pageViews,
			long searches, long whatsappClicks, long paymentsStarted, long paymentsFailed, long cartsAbandoned,
			long revenueCents) {
	}

	record Slice(String key, Steps steps) {
	}

	/**
	 * The storefront steps in distinct sessions (each session once per step, on the day of its first
	 * event); orders and payments have no session and are counted in {@link Steps} only.
	 */
	record Sessions(long sessions, long productViews, long addToCarts, long checkoutStarts, long whatsappClicks) {
	}

	record Funnel(LocalDate from, LocalDate to, Steps total, List<Slice> byChannel, List<Slice> byCityArea,
			Sessions sessions) {
	}

	record ProductInsight(UUID productId, long views, long addToCarts, long orders, long abandonments,
			Double conversionRate) {
	}

	record EmptySearch(String query, long searches, long emptySearches) {
	}

	record AbandonmentReason(String reason, long carts, long afterFeeQuote) {
	}

	record AreaAbandonment(String cityArea, String reason, long carts, long afterFeeQuote, long quotedFeeCents) {
	}

	record Abandonments(LocalDate from, LocalDate to, List<AbandonmentReason> byReason, List<AreaAbandonment> byArea) {
	}

	record RevenueDay(LocalDate day, long revenueCents, long orders, long paid) {
	}

	private static final String STEPS = """
			coalesce(sum(product_views), 0), coalesce(sum(add_to_carts), 0), coalesce(sum(checkout_starts), 0),
			coalesce(sum(orders), 0), coalesce(sum(payments_succeeded), 0), coalesce(sum(page_views), 0),
			coalesce(sum(searches), 0), coalesce(sum(whatsapp_clicks), 0), coalesce(sum(payments_started), 0),
			coalesce(sum(payments_failed), 0), coalesce(sum(carts_abandoned), 0), coalesce(sum(revenue_cents), 0)""";


	private final DSLContext dsl;

	InsightQueries(DSLContext dsl) {
		this.dsl = dsl;
	}

	Funnel funnel(UUID storeId, LocalDate from, LocalDate to) {
		Object[] args = args(storeId, from, to);
		Steps total = steps(dsl.fetchOne("select " + STEPS + " from app.insight_daily_funnel" + where(storeId), args), 0);
		List<Slice> byChannel = dsl.fetch("select channel, " + STEPS + " from app.insight_daily_funnel" + where(storeId)
				+ " group by channel order by channel", args).map(r -> new Slice(r.get(0, String.class), steps(r, 1)));
		List<Slice> byArea = dsl.fetch("select city_area, " + STEPS + " from app.insight_daily_funnel" + where(storeId)
				+ " and city_area <> '' group by city_area order by sum(product_views + orders) desc, city_area limit 100",
				args).map(r -> new Slice(r.get(0, String.class), steps(r, 1)));
		Record s = dsl.fetchOne("select coalesce(sum(sessions), 0), coalesce(sum(product_view_sessions), 0),"
				+ " coalesce(sum(add_to_cart_sessions), 0), coalesce(sum(checkout_start_sessions), 0),"
				+ " coalesce(sum(whatsapp_click_sessions), 0) from app.insight_daily_sessions" + where(storeId), args);
		Sessions sessions = new Sessions(s.get(0, Long.class), s.get(1, Long.class), s.get(2, Long.class),
				s.get(3, Long.class), s.get(4, Long.class));
		return new Funnel(from, to, total, byChannel, byArea, sessions);
	}

	/** Products by {@code sort} (views, add_to_carts, orders, abandonments), best first. */
	List<ProductInsight> products(UUID storeId, LocalDate from, LocalDate to, String sort, int limit) {
		String order = switch (sort) {
			case "add_to_carts" -> "sum(add_to_carts)";
			case "orders" -> "sum(orders)";
			case "abandonments" -> "sum(abandonments)";
			default -> "sum(views)";
		};
		return dsl.fetch("select product_id, sum(views), sum(add_to_carts), sum(orders), sum(abandonments)"
				+ " from app.insight_daily_products" + where(storeId) + " group by product_id order by " + order
				+ " desc, product_id limit ?", append(args(storeId, from, to), limit)).map(r -> {
					long views = r.get(1, Long.class);
					long orders = r.get(3, Long.class);
					return new ProductInsight(r.get(0, UUID.class), views, r.get(2, Long.class), orders,
							r.get(4, Long.class), views == 0 ? null : (double) orders / views);
				});
	}

	List<EmptySearch> searchesWithoutResults(UUID storeId, LocalDate from, LocalDate to, int limit) {
		return dsl.fetch("select query, sum(searches), sum(empty) from app.insight_daily_searches" + where(storeId)
				+ " group by query having sum(empty) > 0 order by sum(empty) desc, query limit ?",
				append(args(storeId, from, to), limit))
			.map(r -> new EmptySearch(r.get(0, String.class), r.get(1, Long.class), r.get(2, Long.class)));
	}

	Abandonments abandonments(UUID storeId, LocalDate from, LocalDate to) {
		Object[] args = args(storeId, from, to);
		List<AbandonmentReason> byReason = dsl.fetch("select reason, sum(carts), sum(after_fee_quote)"
				+ " from app.insight_daily_abandonments" + where(storeId) + " group by reason order by sum(carts) desc, reason", args)
			.map(r -> new AbandonmentReason(r.get(0, String.class), r.get(1, Long.class), r.get(2, Long.class)));
		List<AreaAbandonment> byArea = dsl.fetch("select city_area, reason, sum(carts), sum(after_fee_quote),"
				+ " sum(quoted_fee_cents) from app.insight_daily_abandonments" + where(storeId)
				+ " and city_area <> '' group by city_area, reason order by sum(carts) desc, city_area, reason limit 200",
				args)
			.map(r -> new AreaAbandonment(r.get(0, String.class), r.get(1, String.class), r.get(2, Long.class),
					r.get(3, Long.class), r.get(4, Long.class)));
		return new Abandonments(from, to, byReason, byArea);
	}

	/** Every day of the period, zero where nothing was sold. */
	List<RevenueDay> revenueByDay(UUID storeId, LocalDate from, LocalDate to) {
		Object[] args = args(storeId, from, to);
		return dsl.fetch("""
				select d::date, coalesce(f.revenue, 0), coalesce(f.orders, 0), coalesce(f.paid, 0)
				from generate_series(?::date, ?::date, interval '1 day') d
				left join (select day, sum(revenue_cents) revenue, sum(orders) orders, sum(payments_succeeded) paid
				           from app.insight_daily_funnel""" + where(storeId) + """
				            group by day) f on f.day = d::date
				order by 1""", append(new Object[] { from, to }, args))
			.map(r -> new RevenueDay(r.get(0, LocalDate.class), r.get(1, Long.class), r.get(2, Long.class),
					r.get(3, Long.class)));
	}

	private static Steps steps(Record r, int at) {
		long[] v = new long[12];
		for (int i = 0; i < v.length; i++) {
			v[i] = r.get(at + i, Long.class);
		}
		return new Steps(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11]);
	}

	private static String where(UUID storeId) {
		return storeId == null ? " where tenant_id = ?::uuid and day between ?::date and ?::date"
				: " where tenant_id = ?::uuid and store_id = ?::uuid and day between ?::date and ?::date";
	}

	private static Object[] args(UUID storeId, LocalDate from, LocalDate to) {
		UUID tenant = TenantContext.require().value();
		return storeId == null ? new Object[] { tenant, from, to } : new Object[] { tenant, storeId, from, to };
	}

	private static Object[] append(Object[] head, Object... tail) {
		Object[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
		System.arraycopy(tail, 0, all, head.length, tail.length);
		return all;
	}

}
