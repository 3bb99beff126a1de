package io.sokoni.platform.payment.cod;

import static io.sokoni.jooq.Tables.COD_COLLECTIONS;
import static io.sokoni.jooq.Tables.DELIVERY_PARTNERS;
import static io.sokoni.jooq.Tables.TENANTS;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Cash collections of the bound tenant and the rows of the daily cash report. */
@Repository
class CashCollectionRepository {

	private final DSLContext dsl;

	CashCollectionRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	record NewCollection(UUID id, UUID orderId, UUID paymentId, long amountCents, String currency,
			String collectorKind, String collectorName, UUID deliveryPartnerId, String mpesaReceipt,
			String recordedBy) {
	}

	boolean existsForOrder(UUID orderId) {
		return dsl.fetchExists(COD_COLLECTIONS, COD_COLLECTIONS.TENANT_ID.eq(tenant()),
				COD_COLLECTIONS.ORDER_ID.eq(orderId));
	}

	boolean partnerExists(UUID partnerId) {
		return dsl.fetchExists(DELIVERY_PARTNERS, DELIVERY_PARTNERS.TENANT_ID.eq(tenant()),
				DELIVERY_PARTNERS.ID.eq(partnerId));
	}

	/** Inserts the collection; answers when it was collected. */
	OffsetDateTime insert(NewCollection c) {
		return dsl.insertInto(COD_COLLECTIONS)
			.set(COD_COLLECTIONS.TENANT_ID, tenant())
			.set(COD_COLLECTIONS.ID, c.id())
			.set(COD_COLLECTIONS.ORDER_ID, c.orderId())
			.set(COD_COLLECTIONS.PAYMENT_ID, c.paymentId())
			.set(COD_COLLECTIONS.AMOUNT_CENTS, c.amountCents())
			.set(COD_COLLECTIONS.CURRENCY, c.currency())
			.set(COD_COLLECTIONS.COLLECTOR_KIND, c.collectorKind())
			.set(COD_COLLECTIONS.COLLECTOR_NAME, c.collectorName())
			.set(COD_COLLECTIONS.DELIVERY_PARTNER_ID, c.deliveryPartnerId())
			.set(COD_COLLECTIONS.MPESA_RECEIPT, c.mpesaReceipt())
			.set(COD_COLLECTIONS.RECORDED_BY, c.recordedBy())
			.returningResult(COD_COLLECTIONS.COLLECTED_AT)
			.fetchSingle()
			.value1();
	}

	/** The tenant's time zone (its business day), Africa/Nairobi when its row is not in this database. */
	String timezone() {
		return dsl.select(TENANTS.TIMEZONE)
			.from(TENANTS)
			.where(TENANTS.ID.eq(tenant()))
			.fetchOptional(TENANTS.TIMEZONE)
			.orElse("Africa/Nairobi");
	}

	/** One cash-on-delivery order in the day's report. */
	record ReportLine(UUID orderId, long orderNumber, long totalCents, String currency, boolean expected,
			long collectedCents, UUID partnerId, String partnerName, String collectorKind, String collectorName) {
	}

	/**
	 * The cash-on-delivery orders of the day [from, to): those whose live (not failed) delivery was
	 * delivered in it, or dispatched in it and not delivered yet (expected: the order's total), and those
	 * whose cash was recorded in it (collected). The collector of an order is its delivery's partner, else
	 * the partner or rider named on its collection.
	 */
	List<ReportLine> reportLines(OffsetDateTime from, OffsetDateTime to) {
		return dsl.resultQuery("""
				with day_deliveries as (
				    select d.order_id from app.delivery_orders d
				    where d.tenant_id = {0} and d.status <> 'failed'
				      and coalesce(d.delivered_at, d.dispatched_at) >= {1} and coalesce(d.delivered_at, d.dispatched_at) < {2}),
				day_collections as (
				    select c.order_id from app.cod_collections c
				    where c.tenant_id = {0} and c.collected_at >= {1} and c.collected_at < {2})
				select o.id, o.order_number, o.total_cents, o.currency,
				    exists (select 1 from day_deliveries dd where dd.order_id = o.id) as expected,
				    case when c.collected_at >= {1} and c.collected_at < {2} then c.amount_cents else 0 end as collected,
				    p.id as partner_id, p.name as partner_name, c.collector_kind, c.collector_name
				from app.orders o
				left join app.cod_collections c on c.tenant_id = o.tenant_id and c.order_id = o.id
				left join app.delivery_orders d on d.tenant_id = o.tenant_id and d.order_id = o.id and d.status <> 'failed'
				left join app.delivery_partners p on p.tenant_id = o.tenant_id
				    and p.id = coalesce(d.partner_id, c.delivery_partner_id)
				where o.tenant_id = {0} and o.payment_method = 'cod'
				  and o.id in (select order_id from day_deliveries union select order_id from day_collections)
				order by o.order_number""", DSL.val(tenant()), DSL.val(from), DSL.val(to))
			.fetch(CashCollectionRepository::line);
	}

	private static ReportLine line(Record r) {
		return new ReportLine(r.get(0, UUID.class), r.get(1, Long.class), r.get(2, Long.class), r.get(3, String.class),
				r.get(4, Boolean.class), r.get(5, Long.class), r.get(6, UUID.class), r.get(7, String.class),
				r.get(8, String.class), r.get(9, String.class));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
