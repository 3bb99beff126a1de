package io.sokoni.platform.insight;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bound tenant's daily aggregates, recomputed from its events for the days from its dirty mark on
 * (delete those days, insert them again, in one transaction: readers see the old days or the new ones).
 * A day of one tenant is small (its events of that day, read through the (tenant_id, occurred_at)
 * index of one or two partitions), which is what keeps this cheap at 10,000 tenants.
 */
@Service
class InsightAggregates {

	/** Each statement takes the time zone of the days, the tenant and the start of the first day. */
	private static final String FUNNEL = """
			insert into app.insight_daily_funnel (tenant_id, store_id, day, channel, city_area, page_views, product_views,
			    searches, add_to_carts, checkout_starts, whatsapp_clicks, orders, payments_started, payments_failed,
			    payments_succeeded, revenue_cents, carts_abandoned)
			select tenant_id, store_id, (occurred_at at time zone ?::text)::date, channel, coalesce(city_area, ''),
			       count(*) filter (where event_type = 'page_view'),
			       count(*) filter (where event_type = 'product_view'),
			       count(*) filter (where event_type = 'search'),
			       count(*) filter (where event_type = 'add_to_cart'),
			       count(*) filter (where event_type = 'checkout_start'),
			       count(*) filter (where event_type = 'whatsapp_click'),
			       count(*) filter (where event_type = 'order_completed'),
			       count(*) filter (where event_type = 'payment_started'),
			       count(*) filter (where event_type = 'payment_failed'),
			       count(*) filter (where event_type = 'payment_succeeded'),
			       coalesce(sum(amount_cents) filter (where event_type = 'payment_succeeded'), 0),
			       count(*) filter (where event_type = 'cart_abandoned')
			from app.insight_events
			where tenant_id = ?::uuid and occurred_at >= ?::timestamptz
			group by 1, 2, 3, 4, 5""";

	/** Product views and add-to-carts name one product; orders and abandoned carts list theirs. */
	private static final String PRODUCTS = """
			insert into app.insight_daily_products (tenant_id, store_id, day, product_id, views, add_to_carts, orders,
			                                        abandonments)
			select e.tenant_id, e.store_id, (e.occurred_at at time zone ?::text)::date, p.product_id,
			       count(*) filter (where e.event_type = 'product_view'),
			       count(*) filter (where e.event_type = 'add_to_cart'),
			       count(*) filter (where e.event_type = 'order_completed'),
			       count(*) filter (where e.event_type = 'cart_abandoned')
			from app.insight_events e
			cross join lateral unnest(case when e.product_id is not null then array[e.product_id] else e.product_ids end)
			    as p(product_id)
			where e.tenant_id = ?::uuid and e.occurred_at >= ?::timestamptz
			  and e.event_type in ('product_view', 'add_to_cart', 'order_completed', 'cart_abandoned')
			group by 1, 2, 3, 4""";

	private static final String SEARCHES = """
			insert into app.insight_daily_searches (tenant_id, store_id, day, query, searches, empty)
			select tenant_id, store_id, (occurred_at at time zone ?::text)::date, search_query, count(*),
			       count(*) filter (where result_count = 0)
			from app.insight_events
			where tenant_id = ?::uuid and occurred_at >= ?::timestamptz and event_type = 'search' and search_query is not null
			group by 1, 2, 3, 4""";

	/** A fee quoted above zero before the cart was left is what "the delivery fee preceded it" means. */
	private static final String ABANDONMENTS = """
			insert into app.insight_daily_abandonments (tenant_id, store_id, day, reason, city_area, carts,
			                                            after_fee_quote, quoted_fee_cents)
			select tenant_id, store_id, (occurred_at at time zone ?::text)::date, coalesce(reason, 'unknown'),
			       coalesce(city_area, ''), count(*), count(*) filter (where amount_cents > 0),
			       coalesce(sum(amount_cents) filter (where amount_cents > 0), 0)
			from app.insight_events
			where tenant_id = ?::uuid and occurred_at >= ?::timestamptz and event_type = 'cart_abandoned'
			group by 1, 2, 3, 4, 5""";

	/**
	 * Distinct storefront sessions per step, each counted on the day of its first event: its events are
	 * read from two days before the first day recomputed (takes the zone, the tenant, the start of that
	 * read, the first day recomputed), so a session that began the day before and went on into a dirty
	 * day is counted once, on its own day, with every step it reached.
	 */
	private static final String SESSIONS = """
			insert into app.insight_daily_sessions (tenant_id, store_id, day, sessions, product_view_sessions,
			                                        add_to_cart_sessions, checkout_start_sessions, whatsapp_click_sessions)
			select tenant_id, store_id, day, count(*), count(*) filter (where viewed), count(*) filter (where added),
			       count(*) filter (where started), count(*) filter (where clicked)
			from (select tenant_id, store_id, (min(occurred_at) at time zone ?::text)::date as day,
			             bool_or(event_type = 'product_view') as viewed, bool_or(event_type = 'add_to_cart') as added,
			             bool_or(event_type = 'checkout_start') as started, bool_or(event_type = 'whatsapp_click') as clicked
			      from app.insight_events
			      where tenant_id = ?::uuid and occurred_at >= ?::timestamptz and source = 'storefront'
			        and session_id is not null
			      group by tenant_id, store_id, session_id) s
			where day >= ?::date
			group by 1, 2, 3""";

	private final DSLContext dsl;

	private final InsightProperties props;

	InsightAggregates(DSLContext dsl, InsightProperties props) {
		this.dsl = dsl;
		this.props = props;
	}

	/**
	 * Takes the bound tenant's dirty mark and recomputes its days from the mark's day on; false when
	 * there was no mark (another instance took it). Events committed while this runs set a new mark
	 * (their writer waits for this transaction's lock on the mark, then sets it again), so nothing is
	 * left out for more than one round.
	 */
	@Transactional
	boolean refresh() {
		UUID tenant = TenantContext.require().value();
		OffsetDateTime dirtyFrom = dsl.resultQuery("""
				update app.insight_refresh_state n set dirty_from = null, refreshed_at = now()
				from (select dirty_from from app.insight_refresh_state where tenant_id = ?::uuid for update) o
				where n.tenant_id = ?::uuid and o.dirty_from is not null
				returning o.dirty_from""", tenant, tenant).fetchOne(0, OffsetDateTime.class);
		if (dirtyFrom == null) {
			return false;
		}
		LocalDate fromDay = dirtyFrom.atZoneSameInstant(props.timeZone()).toLocalDate();
		OffsetDateTime from = fromDay.atStartOfDay(props.timeZone()).toOffsetDateTime();
		String zone = props.timeZone().getId();
		for (String table : new String[] { "insight_daily_funnel", "insight_daily_products", "insight_daily_searches",
				"insight_daily_abandonments" }) {
			dsl.execute("delete from app." + table + " where tenant_id = ?::uuid and day >= ?::date", tenant, fromDay);
		}
		dsl.execute(FUNNEL, zone, tenant, from);
		dsl.execute(PRODUCTS, zone, tenant, from);
		dsl.execute(SEARCHES, zone, tenant, from);
		dsl.execute(ABANDONMENTS, zone, tenant, from);
		// Sessions: the day before too (a session that began then may have reached a step since).
		LocalDate sessionsFrom = fromDay.minusDays(1);
		dsl.execute("delete from app.insight_daily_sessions where tenant_id = ?::uuid and day >= ?::date", tenant,
				sessionsFrom);
		dsl.execute(SESSIONS, zone, tenant, fromDay.minusDays(2).atStartOfDay(props.timeZone()).toOffsetDateTime(),
				sessionsFrom);
		return true;
	}

}
