package io.sokoni.platform.seo;

import static io.sokoni.jooq.Tables.SEO_PAGES;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.catalog.CatalogSitemapService.Link;
import io.sokoni.platform.catalog.CatalogSitemapService.Tally;
import io.sokoni.tenant.TenantContext;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Records;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** SEO pages of the bound tenant. */
@Repository
class SeoPageRepository {

	/** Published: a publish date that has come. */
	static final Condition PUBLISHED = SEO_PAGES.PUBLISHED_AT.le(DSL.currentOffsetDateTime());

	// never null: a page without a publish date is not published
	private static final Field<Boolean> IS_PUBLISHED = DSL.field(SEO_PAGES.PUBLISHED_AT.isNotNull().and(PUBLISHED))
		.as("published");

	private static final SelectField<?>[] COLUMNS = { SEO_PAGES.ID, SEO_PAGES.STORE_ID, SEO_PAGES.KIND,
			SEO_PAGES.SLUG, SEO_PAGES.TITLE, SEO_PAGES.META_DESCRIPTION, SEO_PAGES.BODY, SEO_PAGES.STRUCTURED_DATA,
			SEO_PAGES.IS_INDEXABLE, SEO_PAGES.PUBLISHED_AT, IS_PUBLISHED, SEO_PAGES.VERSION, SEO_PAGES.CREATED_AT,
			SEO_PAGES.UPDATED_AT };

	private final DSLContext dsl;

	private final JsonMapper json;

	SeoPageRepository(DSLContext dsl, JsonMapper json) {
		this.dsl = dsl;
		this.json = json;
	}

	Optional<SeoPage> find(UUID id) {
		return dsl.select(COLUMNS)
			.from(SEO_PAGES)
			.where(SEO_PAGES.TENANT_ID.eq(tenant()), SEO_PAGES.ID.eq(id))
			.fetchOptional(this::page);
	}

	/** A page of the store's pages by id (creation order), optionally of one kind or publication state. */
	List<SeoPage> list(UUID storeId, String kind, Boolean published, UUID after, int limit) {
		return dsl.select(COLUMNS)
			.from(SEO_PAGES)
			.where(SEO_PAGES.TENANT_ID.eq(tenant()),
					storeId == null ? DSL.noCondition() : SEO_PAGES.STORE_ID.eq(storeId),
					kind == null ? DSL.noCondition() : SEO_PAGES.KIND.eq(kind),
					published == null ? DSL.noCondition() : published ? PUBLISHED
							: SEO_PAGES.PUBLISHED_AT.isNull().or(DSL.not(PUBLISHED)),
					after == null ? DSL.noCondition() : SEO_PAGES.ID.gt(after))
			.orderBy(SEO_PAGES.ID)
			.limit(limit)
			.fetch(this::page);
	}

	SeoPage insert(UUID id, UUID storeId, SeoPageValues v) {
		return dsl.insertInto(SEO_PAGES)
			.set(SEO_PAGES.TENANT_ID, tenant())
			.set(SEO_PAGES.ID, id)
			.set(SEO_PAGES.STORE_ID, storeId)
			.set(SEO_PAGES.KIND, v.kind())
			.set(SEO_PAGES.SLUG, v.slug())
			.set(SEO_PAGES.TITLE, v.title())
			.set(SEO_PAGES.META_DESCRIPTION, v.metaDescription())
			.set(SEO_PAGES.BODY, v.body())
			.set(SEO_PAGES.STRUCTURED_DATA, jsonb(v.structuredDataJson()))
			.set(SEO_PAGES.IS_INDEXABLE, v.indexable())
			.returningResult(COLUMNS)
			.fetchSingle(this::page);
	}

	/** Writes all values if the page is still at {@code expectedVersion}; empty otherwise. */
	Optional<SeoPage> update(UUID id, long expectedVersion, SeoPageValues v) {
		return dsl.update(SEO_PAGES)
			.set(SEO_PAGES.KIND, v.kind())
			.set(SEO_PAGES.SLUG, v.slug())
			.set(SEO_PAGES.TITLE, v.title())
			.set(SEO_PAGES.META_DESCRIPTION, v.metaDescription())
			.set(SEO_PAGES.BODY, v.body())
			.set(SEO_PAGES.STRUCTURED_DATA, jsonb(v.structuredDataJson()))
			.set(SEO_PAGES.IS_INDEXABLE, v.indexable())
			.set(SEO_PAGES.VERSION, SEO_PAGES.VERSION.plus(1))
			.set(SEO_PAGES.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(SEO_PAGES.TENANT_ID.eq(tenant()), SEO_PAGES.ID.eq(id), SEO_PAGES.VERSION.eq(expectedVersion))
			.returningResult(COLUMNS)
			.fetchOptional(this::page);
	}

	/**
	 * Sets the publish date, the transaction's time when {@code publishedAt} is null (the database's clock,
	 * the one "published" is judged by), or clears it ({@code unpublish}).
	 */
	Optional<SeoPage> setPublishedAt(UUID id, OffsetDateTime publishedAt, boolean unpublish) {
		Field<OffsetDateTime> value = unpublish ? DSL.inline((OffsetDateTime) null, SEO_PAGES.PUBLISHED_AT)
				: publishedAt == null ? DSL.currentOffsetDateTime() : DSL.val(publishedAt, SEO_PAGES.PUBLISHED_AT);
		return dsl.update(SEO_PAGES)
			.set(SEO_PAGES.PUBLISHED_AT, value)
			.set(SEO_PAGES.VERSION, SEO_PAGES.VERSION.plus(1))
			.set(SEO_PAGES.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(SEO_PAGES.TENANT_ID.eq(tenant()), SEO_PAGES.ID.eq(id))
			.returningResult(COLUMNS)
			.fetchOptional(this::page);
	}

	boolean delete(UUID id) {
		return dsl.deleteFrom(SEO_PAGES).where(SEO_PAGES.TENANT_ID.eq(tenant()), SEO_PAGES.ID.eq(id)).execute() == 1;
	}

	/** A published page of the store by slug. */
	Optional<SeoPage> findPublished(UUID storeId, String slug) {
		return dsl.select(COLUMNS)
			.from(SEO_PAGES)
			.where(SEO_PAGES.TENANT_ID.eq(tenant()), SEO_PAGES.STORE_ID.eq(storeId), SEO_PAGES.SLUG.eq(slug), PUBLISHED)
			.fetchOptional(this::page);
	}

	/** The store's published pages, newest first, optionally of one kind. */
	List<PublishedPage> listPublished(UUID storeId, String kind, int page, int size) {
		return dsl
			.select(SEO_PAGES.SLUG, SEO_PAGES.KIND, SEO_PAGES.TITLE, SEO_PAGES.META_DESCRIPTION, SEO_PAGES.PUBLISHED_AT,
					SEO_PAGES.UPDATED_AT)
			.from(SEO_PAGES)
			.where(SEO_PAGES.TENANT_ID.eq(tenant()), SEO_PAGES.STORE_ID.eq(storeId), PUBLISHED,
					kind == null ? DSL.noCondition() : SEO_PAGES.KIND.eq(kind))
			.orderBy(SEO_PAGES.PUBLISHED_AT.desc(), SEO_PAGES.ID.desc())
			.limit(size)
			.offset((long) (page - 1) * size)
			.fetch(Records.mapping(PublishedPage::new));
	}

	/** How many published indexable pages the store's sitemap lists, and the latest change among them. */
	Tally sitemapTally(UUID storeId) {
		return dsl.select(DSL.count(), DSL.max(SEO_PAGES.UPDATED_AT))
			.from(SEO_PAGES)
			.where(sitemapPages(storeId))
			.fetchSingle(r -> new Tally(r.value1(), r.value2()));
	}

	/** Up to {@code limit} sitemap pages after {@code after} (all when null), skipping {@code offset} first. */
	List<Link> sitemapPages(UUID storeId, UUID after, long offset, int limit) {
		return dsl.select(SEO_PAGES.ID, SEO_PAGES.SLUG, SEO_PAGES.UPDATED_AT)
			.from(SEO_PAGES)
			.where(sitemapPages(storeId), after == null ? DSL.noCondition() : SEO_PAGES.ID.gt(after))
			.orderBy(SEO_PAGES.ID)
			.offset(offset)
			.limit(limit)
			.fetch(r -> new Link(r.value1(), r.value2(), r.value3()));
	}

	/** A published page in the storefront's list. */
	record PublishedPage(String slug, String kind, String title, String metaDescription, OffsetDateTime publishedAt,
			OffsetDateTime updatedAt) {
	}

	private static Condition sitemapPages(UUID storeId) {
		return SEO_PAGES.TENANT_ID.eq(tenant()).and(SEO_PAGES.STORE_ID.eq(storeId)).and(PUBLISHED)
			.and(SEO_PAGES.IS_INDEXABLE.isTrue());
	}

	private SeoPage page(Record r) {
		JSONB data = r.get(SEO_PAGES.STRUCTURED_DATA);
		return new SeoPage(r.get(SEO_PAGES.ID), r.get(SEO_PAGES.STORE_ID), r.get(SEO_PAGES.KIND), r.get(SEO_PAGES.SLUG),
				r.get(SEO_PAGES.TITLE), r.get(SEO_PAGES.META_DESCRIPTION), r.get(SEO_PAGES.BODY),
				data == null ? null : json.readTree(data.data()), r.get(SEO_PAGES.IS_INDEXABLE),
				r.get(SEO_PAGES.PUBLISHED_AT), r.get(IS_PUBLISHED), r.get(SEO_PAGES.VERSION), r.get(SEO_PAGES.CREATED_AT),
				r.get(SEO_PAGES.UPDATED_AT));
	}

	private static JSONB jsonb(String text) {
		return text == null ? null : JSONB.valueOf(text);
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
