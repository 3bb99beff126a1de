package io.sokoni.platform.insight;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.auth.CurrentUser;
import io.sokoni.platform.insight.CardRules.AreaFigures;
import io.sokoni.platform.insight.CardRules.Card;
import io.sokoni.platform.insight.CardRules.PaymentFigures;
import io.sokoni.platform.insight.CardRules.ProductFigures;
import io.sokoni.platform.insight.CardRules.SearchFigures;
import io.sokoni.platform.web.ApiException;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Insight cards of the bound tenant: generated from its daily aggregates after each refresh (one
 * transaction per tenant), listed, dismissed. A card's key is its rule, its subject (an area, a product,
 * the store) and the ISO week: regenerating updates the figures of this week's card, a dismissed card
 * stays dismissed for the week, and a card whose rule no longer fires goes (unless dismissed: the
 * merchant's decision is kept).
 */
@Service
class InsightCards {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A card as the admin API shows it. */
	record CardView(UUID id, UUID storeId, String rule, String category, String severity, String title, String body,
			UUID appliesToProductId, String appliesToArea, JsonNode metricSnapshot, OffsetDateTime createdAt,
			OffsetDateTime updatedAt, OffsetDateTime dismissedAt, UUID dismissedBy) {
	}

	private static final String COLUMNS = """
			id, store_id, rule, category, severity, title, body, applies_to_product_id, applies_to_area,
			metric_snapshot, created_at, updated_at, dismissed_at, dismissed_by""";

	private final DSLContext dsl;

	private final InsightProperties props;

	private final AuditTrail audit;

	InsightCards(DSLContext dsl, InsightProperties props, AuditTrail audit) {
		this.dsl = dsl;
		this.props = props;
		this.audit = audit;
	}

	/** Judges every store of the bound tenant with figures of the last 35 days; answers the cards that fired. */
	@Transactional
	int generate() {
		UUID tenant = TenantContext.require().value();
		LocalDate today = LocalDate.now(props.timeZone());
		String week = today.get(IsoFields.WEEK_BASED_YEAR) + "-W" + today.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
		List<UUID> stores = dsl.fetch("""
				select store_id from app.insight_daily_funnel where tenant_id = ?::uuid and day >= ?::date
				union select store_id from app.insight_daily_products where tenant_id = ?::uuid and day >= ?::date
				union select store_id from app.insight_daily_searches where tenant_id = ?::uuid and day >= ?::date""", tenant,
				today.minusDays(34), tenant, today.minusDays(29), tenant, today.minusDays(6))
			.map(r -> r.get(0, UUID.class));
		int fired = 0;
		for (UUID store : stores) {
			List<Card> cards = judge(tenant, store, today);
			List<String> keys = new ArrayList<>();
			for (Card card : cards) {
				String key = card.rule() + ":" + card.subject() + ":" + week;
				keys.add(key);
				dsl.execute("""
						insert into app.insight_cards (tenant_id, id, store_id, rule, card_key, category, severity, title, body,
						                               applies_to_product_id, applies_to_area, metric_snapshot)
						values (?::uuid, ?::uuid, ?::uuid, ?, ?, ?, ?, ?, ?, ?::uuid, ?, ?::jsonb)
						on conflict (tenant_id, store_id, card_key) do update
						set severity = excluded.severity, title = excluded.title, body = excluded.body,
						    metric_snapshot = excluded.metric_snapshot, updated_at = now()
						where insight_cards.dismissed_at is null""", tenant, Ids.next(), store, card.rule(), key,
						card.category(), card.severity(), card.title(), card.body(), card.productId(), card.area(),
						JSON.writeValueAsString(card.snapshot()));
			}
			dsl.execute("delete from app.insight_cards where tenant_id = ?::uuid and store_id = ?::uuid and dismissed_at is null"
					+ " and card_key <> all (?::text[])", tenant, store, keys.toArray(String[]::new));
			fired += cards.size();
		}
		return fired;
	}

	private List<Card> judge(UUID tenant, UUID store, LocalDate today) {
		InsightProperties.Cards t = props.cards();
		List<AreaFigures> areas = dsl.fetch("""
				select city_area, sum(carts), sum(case when reason = 'delivery_cost' then carts else after_fee_quote end),
				       sum(quoted_fee_cents), sum(after_fee_quote)
				from app.insight_daily_abandonments
				where tenant_id = ?::uuid and store_id = ?::uuid and day >= ?::date and city_area <> ''
				group by city_area""", tenant, store, today.minusDays(29))
			.map(r -> new AreaFigures(r.get(0, String.class), r.get(1, Long.class), r.get(2, Long.class),
					r.get(3, Long.class), r.get(4, Long.class)));
		List<ProductFigures> products = dsl.fetch("""
				select product_id, sum(views), sum(add_to_carts), sum(orders)
				from app.insight_daily_products
				where tenant_id = ?::uuid and store_id = ?::uuid and day >= ?::date
				group by product_id having sum(views) >= ?
				order by sum(views) desc limit 50""", tenant, store, today.minusDays(29), t.productMinViews())
			.map(r -> new ProductFigures(r.get(0, UUID.class), r.get(1, Long.class), r.get(2, Long.class),
					r.get(3, Long.class)));
		Record p = dsl.fetchOne("""
				select coalesce(sum(payments_started) filter (where day >= ?::date), 0),
				       coalesce(sum(payments_failed) filter (where day >= ?::date), 0),
				       coalesce(sum(payments_started) filter (where day < ?::date), 0),
				       coalesce(sum(payments_failed) filter (where day < ?::date), 0)
				from app.insight_daily_funnel
				where tenant_id = ?::uuid and store_id = ?::uuid and day >= ?::date""", today.minusDays(6), today.minusDays(6),
				today.minusDays(6), today.minusDays(6), tenant, store, today.minusDays(34));
		PaymentFigures payments = new PaymentFigures(p.get(0, Long.class), p.get(1, Long.class), p.get(2, Long.class),
				p.get(3, Long.class));
		List<SearchFigures> searches = dsl.fetch("""
				select query, sum(searches), sum(empty)
				from app.insight_daily_searches
				where tenant_id = ?::uuid and store_id = ?::uuid and day >= ?::date
				group by query having sum(empty) >= ?
				order by sum(empty) desc limit 50""", tenant, store, today.minusDays(6), t.searchMinEmpty())
			.map(r -> new SearchFigures(r.get(0, String.class), r.get(1, Long.class), r.get(2, Long.class)));
		List<Card> cards = new ArrayList<>();
		cards.addAll(CardRules.deliveryFeeAbandonment(areas, t));
		cards.addAll(CardRules.productLowConversion(products, t));
		cards.addAll(CardRules.paymentFailureRate(payments, t));
		cards.addAll(CardRules.searchesWithoutResults(searches, t));
		return cards;
	}

	/** Cards newest first, by keyset on the (time-ordered) id; status: active, dismissed or all. */
	@Transactional(readOnly = true)
	List<CardView> list(UUID storeId, String status, UUID after, int limit) {
		StringBuilder sql = new StringBuilder("select " + COLUMNS + " from app.insight_cards where tenant_id = ?::uuid");
		List<Object> args = new ArrayList<>(List.of(TenantContext.require().value()));
		if (storeId != null) {
			sql.append(" and store_id = ?::uuid");
			args.add(storeId);
		}
		if ("active".equals(status)) {
			sql.append(" and dismissed_at is null");
		}
		else if ("dismissed".equals(status)) {
			sql.append(" and dismissed_at is not null");
		}
		if (after != null) {
			sql.append(" and id < ?::uuid");
			args.add(after);
		}
		sql.append(" order by id desc limit ?");
		args.add(limit);
		return dsl.fetch(sql.toString(), args.toArray()).map(InsightCards::view);
	}

	@Transactional(readOnly = true)
	CardView get(UUID id) {
		Record r = dsl.fetchOne("select " + COLUMNS + " from app.insight_cards where tenant_id = ?::uuid and id = ?::uuid",
				TenantContext.require().value(), id);
		if (r == null) {
			throw ApiException.notFound("Insight card");
		}
		return view(r);
	}

	/** Dismisses a card (audited); dismissing it again changes nothing. Another tenant's card is 404. */
	@Transactional
	CardView dismiss(UUID id) {
		UUID user = CurrentUser.find().map(CurrentUser::id).orElse(null);
		Record r = dsl.fetchOne("update app.insight_cards set dismissed_at = now(), dismissed_by = ?::uuid"
				+ " where tenant_id = ?::uuid and id = ?::uuid and dismissed_at is null returning " + COLUMNS, user,
				TenantContext.require().value(), id);
		if (r == null) {
			return get(id);
		}
		CardView card = view(r);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("rule", card.rule());
		details.put("storeId", card.storeId());
		details.put("title", card.title());
		audit.record("insight_card.dismissed", "insight_card", id, details);
		return card;
	}

	private static CardView view(Record r) {
		Object snapshot = r.get("metric_snapshot");
		String json = snapshot instanceof JSONB b ? b.data() : String.valueOf(snapshot);
		return new CardView(r.get("id", UUID.class), r.get("store_id", UUID.class), r.get("rule", String.class),
				r.get("category", String.class), r.get("severity", String.class), r.get("title", String.class),
				r.get("body", String.class), r.get("applies_to_product_id", UUID.class),
				r.get("applies_to_area", String.class), JSON.readTree(json), r.get("created_at", OffsetDateTime.class),
				r.get("updated_at", OffsetDateTime.class), r.get("dismissed_at", OffsetDateTime.class),
				r.get("dismissed_by", UUID.class));
	}

}
