package io.sokoni.platform.insight;

import static io.sokoni.jooq.Tables.INSIGHT_EVENTS;
import static io.sokoni.jooq.Tables.INSIGHT_REFRESH_STATE;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep15;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Writes of the bound tenant's events, and the mark that its aggregates are due for a refresh. */
@Repository
class InsightEventRepository {

	/**
	 * Server events from outbox events of the bound tenant, in one statement for a whole batch: an order
	 * placed is {@code order_completed} (and {@code payment_started} when paid by M-Pesa: the STK push
	 * starts with the checkout), paid is {@code payment_succeeded}, a failed M-Pesa attempt is
	 * {@code payment_failed} with its plain reason; a cart the abandonment job marked is
	 * {@code cart_abandoned} with the shopper's latest reason, the area and fee of its latest delivery
	 * quote and its products. The order, cart and quote rows are read here, in the same statement, rather
	 * than through their features' services one event at a time: the relay delivers every order event of
	 * every tenant, and a per-event transaction once made it fall 40,000 events behind. An event's id is
	 * derived from the outbox event's, and its time is the outbox event's, so a redelivery conflicts with
	 * the row it already wrote and changes nothing. Answers the earliest time written (null: none).
	 * (No array slices here: jOOQ would read ":200" as a named parameter.)
	 */
	private static final String FROM_OUTBOX = """
			with written as (
			    insert into app.insight_events (tenant_id, id, occurred_at, store_id, event_type, source, channel,
			                                    city_area, order_id, cart_id, product_ids, amount_cents, reason, properties)
			    select ob.tenant_id, md5(ob.id::text || k.event_type)::uuid, ob.created_at, o.store_id, k.event_type,
			           'server', o.channel, nullif(left(lower(regexp_replace(btrim(o.delivery_city_area), '\\s+', ' ', 'g')), 100), ''),
			           o.id, o.cart_id,
			           case when k.event_type = 'order_completed' then
			               (select array_agg(p.product_id) from (select distinct i.product_id from app.order_items i
			                where i.tenant_id = o.tenant_id and i.order_id = o.id limit 200) p) end,
			           case k.event_type when 'payment_succeeded'
			                then coalesce((ob.payload ->> 'amountPaidCents')::bigint, o.total_cents)
			                when 'payment_failed' then null else o.total_cents end,
			           case when k.event_type = 'payment_failed' then nullif(left(ob.payload ->> 'reason', 200), '') end,
			           jsonb_build_object('paymentMethod', o.payment_method)
			    from app.outbox_events ob
			    join app.orders o on o.tenant_id = ob.tenant_id and o.id = ob.aggregate_id
			    cross join lateral unnest(case ob.event_type
			        when 'order.placed' then case when o.payment_method = 'mpesa'
			                                      then array['order_completed', 'payment_started']
			                                      else array['order_completed'] end
			        when 'order.paid' then array['payment_succeeded']
			        when 'order.payment_failed' then array['payment_failed'] end) as k(event_type)
			    where ob.tenant_id = ?::uuid and ob.id = any (?::uuid[]) and ob.aggregate_type = 'order'
			    union all
			    select ob.tenant_id, md5(ob.id::text || 'cart_abandoned')::uuid, ob.created_at, c.store_id, 'cart_abandoned',
			           'server', c.channel,
			           nullif(left(lower(regexp_replace(btrim(coalesce(q.city_area, c.city_area, '')), '\\s+', ' ', 'g')), 100), ''),
			           null, c.id,
			           (select array_agg(p.product_id) from (select distinct i.product_id from app.cart_items i
			            where i.tenant_id = c.tenant_id and i.cart_id = c.id limit 200) p),
			           q.fee_cents, r.reason, '{}'::jsonb
			    from app.outbox_events ob
			    join app.carts c on c.tenant_id = ob.tenant_id and c.id = ob.aggregate_id
			    left join lateral (select dq.city_area, dq.fee_cents from app.delivery_quotes dq
			                       where dq.tenant_id = c.tenant_id and dq.cart_id = c.id
			                       order by dq.created_at desc limit 1) q on true
			    left join lateral (select ar.reason from app.checkout_abandonment_reasons ar
			                       where ar.tenant_id = c.tenant_id and ar.cart_id = c.id
			                       order by ar.created_at desc limit 1) r on true
			    where ob.tenant_id = ?::uuid and ob.id = any (?::uuid[]) and ob.event_type = 'cart.abandoned'
			    on conflict do nothing
			    returning occurred_at)
			select min(occurred_at) from written""";

	/** A storefront event with the store it was sent to. */
	record Row(UUID storeId, StorefrontEvent event) {
	}

	private final DSLContext dsl;

	InsightEventRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	/** One multi-row insert of the bound tenant's storefront events. */
	void insertStorefront(List<Row> rows) {
		var e = INSIGHT_EVENTS;
		UUID tenant = TenantContext.require().value();
		InsertValuesStep15<?, UUID, UUID, OffsetDateTime, UUID, String, String, String, String, String, String, UUID, UUID, String, Integer, JSONB> insert = dsl
			.insertInto(e, e.TENANT_ID, e.ID, e.OCCURRED_AT, e.STORE_ID, e.EVENT_TYPE, e.SOURCE, e.CHANNEL, e.SESSION_ID,
					e.DEVICE, e.CITY_AREA, e.PRODUCT_ID, e.CART_ID, e.SEARCH_QUERY, e.RESULT_COUNT, e.PROPERTIES);
		for (Row row : rows) {
			StorefrontEvent ev = row.event();
			insert = insert.values(tenant, ev.id(), ev.occurredAt(), row.storeId(), ev.type(), "storefront", "web",
					ev.sessionId(), ev.device(), ev.cityArea(), ev.productId(), ev.cartId(), ev.searchQuery(),
					ev.resultCount(), JSONB.valueOf(ev.properties()));
		}
		insert.execute();
	}

	/** Records the server events of these outbox events; answers the earliest time written, or null. */
	OffsetDateTime insertFromOutbox(Collection<UUID> outboxEventIds) {
		UUID tenant = TenantContext.require().value();
		UUID[] ids = outboxEventIds.toArray(UUID[]::new);
		return dsl.resultQuery(FROM_OUTBOX, tenant, ids, tenant, ids).fetchOne(0, OffsetDateTime.class);
	}

	/**
	 * Marks the bound tenant's aggregates due from {@code from} on (kept when an earlier time is already
	 * due): the refresh job recomputes its days from there.
	 */
	void markDirty(OffsetDateTime from) {
		if (from == null) {
			return;
		}
		var s = INSIGHT_REFRESH_STATE;
		dsl.insertInto(s, s.TENANT_ID, s.DIRTY_FROM)
			.values(TenantContext.require().value(), from)
			.onConflict(s.TENANT_ID)
			.doUpdate()
			.set(s.DIRTY_FROM, DSL.least(s.DIRTY_FROM, DSL.excluded(s.DIRTY_FROM)))
			.where(s.DIRTY_FROM.isNull().or(s.DIRTY_FROM.gt(DSL.excluded(s.DIRTY_FROM))))
			.execute();
	}

}
