package io.sokoni.platform.catalog;

import static io.sokoni.jooq.Tables.PRODUCTS;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What of the catalog a store's sitemap lists, a bounded chunk at a time: its live products (status
 * active) and the categories the storefront shows (active, below active parents only), each with its
 * slug and last change. Keyset by id, so a chunk costs the same deep into a 100,000-product store; the
 * caller runs each chunk in a short transaction of its own (never one open while a slow client reads).
 */
@Service
public class CatalogSitemapService {

	/** One listed item: its id (the keyset), slug and when it last changed. */
	public record Link(UUID id, String slug, OffsetDateTime updatedAt) {
	}

	/** How many items of a kind are listed and the latest change among them (null when none). */
	public record Tally(long count, OffsetDateTime lastModified) {
	}

	/**
	 * The categories shown: active roots and, recursively, active children of shown ones (the same rule as
	 * the storefront's tree). Categories are per tenant, shared by its stores.
	 */
	private static final String SHOWN_CATEGORIES = """
			with recursive shown as (
			    select id, slug, updated_at from app.categories
			    where tenant_id = ? and parent_id is null and is_active
			    union all
			    select c.id, c.slug, c.updated_at from app.categories c join shown s on c.parent_id = s.id
			    where c.tenant_id = ? and c.is_active
			)
			""";

	private final DSLContext dsl;

	CatalogSitemapService(DSLContext dsl) {
		this.dsl = dsl;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public Tally productTally(UUID storeId) {
		return dsl.select(DSL.count(), DSL.max(PRODUCTS.UPDATED_AT))
			.from(PRODUCTS)
			.where(live(storeId))
			.fetchSingle(r -> new Tally(r.value1(), r.value2()));
	}

	/** Up to {@code limit} live products after {@code after} (all when null), skipping {@code offset} first. */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<Link> products(UUID storeId, UUID after, long offset, int limit) {
		return dsl.select(PRODUCTS.ID, PRODUCTS.SLUG, PRODUCTS.UPDATED_AT)
			.from(PRODUCTS)
			.where(live(storeId), after == null ? DSL.noCondition() : PRODUCTS.ID.gt(after))
			.orderBy(PRODUCTS.ID)
			.offset(offset)
			.limit(limit)
			.fetch(r -> new Link(r.value1(), r.value2(), r.value3()));
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public Tally categoryTally() {
		UUID tenant = tenant();
		return dsl.resultQuery(SHOWN_CATEGORIES + "select count(*), max(updated_at) from shown", tenant, tenant)
			.fetchSingle(r -> new Tally(r.get(0, Long.class), r.get(1, OffsetDateTime.class)));
	}

	/** Up to {@code limit} shown categories after {@code after} (all when null), skipping {@code offset} first. */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<Link> categories(UUID after, long offset, int limit) {
		UUID tenant = tenant();
		return dsl.resultQuery(SHOWN_CATEGORIES + """
				select id, slug, updated_at from shown where ?::uuid is null or id > ?::uuid
				order by id offset ? limit ?""", tenant, tenant, after, after, offset, limit)
			.fetch(r -> new Link(r.get(0, UUID.class), r.get(1, String.class), r.get(2, OffsetDateTime.class)));
	}

	private static org.jooq.Condition live(UUID storeId) {
		return PRODUCTS.TENANT_ID.eq(tenant()).and(PRODUCTS.STORE_ID.eq(storeId)).and(PRODUCTS.STATUS.eq("active"));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
