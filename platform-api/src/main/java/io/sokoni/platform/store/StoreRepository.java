package io.sokoni.platform.store;

import static io.sokoni.jooq.Tables.STORES;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SelectField;
import org.springframework.stereotype.Repository;

/** Stores of the bound tenant (row-level security filters; the explicit tenant predicate helps plans). */
@Repository
class StoreRepository {

	private static final SelectField<?>[] COLUMNS = { STORES.ID, STORES.SLUG, STORES.NAME, STORES.CURRENCY,
			STORES.LOGO_URL, STORES.CONTACT_PHONE, STORES.CONTACT_EMAIL, STORES.AREA, STORES.ADDRESS,
			STORES.SEO_TITLE, STORES.SEO_DESCRIPTION, STORES.IS_LIVE, STORES.VERSION, STORES.CREATED_AT,
			STORES.UPDATED_AT };

	private final DSLContext dsl;

	StoreRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	Optional<Store> find(UUID id) {
		return dsl.select(COLUMNS)
			.from(STORES)
			.where(STORES.TENANT_ID.eq(tenant()), STORES.ID.eq(id))
			.fetchOptional(r -> r.into(Store.class));
	}

	List<Store> list() {
		return dsl.select(COLUMNS)
			.from(STORES)
			.where(STORES.TENANT_ID.eq(tenant()))
			.orderBy(STORES.CREATED_AT, STORES.ID)
			.limit(100)
			.fetch(r -> r.into(Store.class));
	}

	void insert(UUID id, NewStore store) {
		dsl.insertInto(STORES)
			.set(STORES.TENANT_ID, tenant())
			.set(STORES.ID, id)
			.set(STORES.SLUG, store.slug())
			.set(STORES.NAME, store.name())
			.set(STORES.CURRENCY, store.currency())
			.set(STORES.CONTACT_PHONE, store.contactPhone())
			.set(STORES.CONTACT_EMAIL, store.contactEmail())
			.set(STORES.AREA, store.area())
			.set(STORES.ADDRESS, store.address())
			.set(STORES.IS_LIVE, store.live())
			.execute();
	}

	/** Applies the non-null changes if the version still matches; empty when it does not (or no row). */
	Optional<Store> update(UUID id, long expectedVersion, StoreChanges changes) {
		var update = dsl.update(STORES)
			.set(STORES.VERSION, STORES.VERSION.plus(1))
			.set(STORES.UPDATED_AT, org.jooq.impl.DSL.currentOffsetDateTime());
		update = setIfPresent(update, STORES.NAME, changes.name());
		update = setIfPresent(update, STORES.CURRENCY, changes.currency());
		update = setIfPresent(update, STORES.LOGO_URL, changes.logoUrl());
		update = setIfPresent(update, STORES.CONTACT_PHONE, changes.contactPhone());
		update = setIfPresent(update, STORES.CONTACT_EMAIL, changes.contactEmail());
		update = setIfPresent(update, STORES.AREA, changes.area());
		update = setIfPresent(update, STORES.ADDRESS, changes.address());
		update = setIfPresent(update, STORES.SEO_TITLE, changes.seoTitle());
		update = setIfPresent(update, STORES.SEO_DESCRIPTION, changes.seoDescription());
		update = setIfPresent(update, STORES.IS_LIVE, changes.live());
		return update
			.where(STORES.TENANT_ID.eq(tenant()), STORES.ID.eq(id), STORES.VERSION.eq(expectedVersion))
			.returningResult(COLUMNS)
			.fetchOptional(r -> r.into(Store.class));
	}

	private static <T> org.jooq.UpdateSetMoreStep<io.sokoni.jooq.tables.records.StoresRecord> setIfPresent(
			org.jooq.UpdateSetMoreStep<io.sokoni.jooq.tables.records.StoresRecord> update, Field<T> field, T value) {
		return value == null ? update : update.set(field, value);
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

	/** What a new store starts with. */
	record NewStore(String slug, String name, String currency, String contactPhone, String contactEmail,
			String area, String address, boolean live) {
	}

	/** Changes to a store; null leaves a field as it is. */
	record StoreChanges(String name, String currency, String logoUrl, String contactPhone, String contactEmail,
			String area, String address, String seoTitle, String seoDescription, Boolean live) {
	}


}
