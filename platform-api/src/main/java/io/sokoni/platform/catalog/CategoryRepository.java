package io.sokoni.platform.catalog;

import static io.sokoni.jooq.Tables.CATEGORIES;
import static io.sokoni.jooq.Tables.PRODUCTS;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.jooq.tables.Categories;
import io.sokoni.jooq.tables.records.CategoriesRecord;
import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** Categories of the bound tenant (row-level security filters; the explicit tenant predicate helps plans). */
@Repository
class CategoryRepository {

	private static final SelectField<?>[] COLUMNS = { CATEGORIES.ID, CATEGORIES.PARENT_ID, CATEGORIES.NAME,
			CATEGORIES.SLUG, CATEGORIES.POSITION, CATEGORIES.IS_ACTIVE, CATEGORIES.VERSION, CATEGORIES.CREATED_AT,
			CATEGORIES.UPDATED_AT };

	private final DSLContext dsl;

	CategoryRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	Optional<Category> find(UUID id) {
		return dsl.select(COLUMNS)
			.from(CATEGORIES)
			.where(CATEGORIES.TENANT_ID.eq(tenant()), CATEGORIES.ID.eq(id))
			.fetchOptional(CategoryRepository::category);
	}

	boolean exists(UUID id) {
		return dsl.fetchExists(CATEGORIES, CATEGORIES.TENANT_ID.eq(tenant()), CATEGORIES.ID.eq(id));
	}

	/** All categories (at most {@code limit}), siblings in position order, for building the tree. */
	List<Category> list(int limit) {
		return dsl.select(COLUMNS)
			.from(CATEGORIES)
			.where(CATEGORIES.TENANT_ID.eq(tenant()))
			.orderBy(CATEGORIES.POSITION, CATEGORIES.NAME, CATEGORIES.ID)
			.limit(limit)
			.fetch(CategoryRepository::category);
	}

	Map<String, UUID> idsBySlug() {
		return dsl.select(CATEGORIES.SLUG, CATEGORIES.ID)
			.from(CATEGORIES)
			.where(CATEGORIES.TENANT_ID.eq(tenant()))
			.fetchMap(CATEGORIES.SLUG, CATEGORIES.ID);
	}

	/** Inserts a category; without a position it goes after its last sibling. */
	void insert(UUID id, UUID parentId, String name, String slug, Integer position, boolean active) {
		dsl.insertInto(CATEGORIES)
			.set(CATEGORIES.TENANT_ID, tenant())
			.set(CATEGORIES.ID, id)
			.set(CATEGORIES.PARENT_ID, parentId)
			.set(CATEGORIES.NAME, name)
			.set(CATEGORIES.SLUG, slug)
			.set(CATEGORIES.POSITION, positionOrLast(position, parentId, id))
			.set(CATEGORIES.IS_ACTIVE, active)
			.execute();
	}

	/** Applies the non-null changes if the version still matches; empty when it does not (or no row). */
	Optional<Category> update(UUID id, long expectedVersion, CategoryChanges changes) {
		UpdateSetMoreStep<CategoriesRecord> update = dsl.update(CATEGORIES)
			.set(CATEGORIES.VERSION, CATEGORIES.VERSION.plus(1))
			.set(CATEGORIES.UPDATED_AT, DSL.currentOffsetDateTime());
		update = setIfPresent(update, CATEGORIES.NAME, changes.name());
		update = setIfPresent(update, CATEGORIES.SLUG, changes.slug());
		update = setIfPresent(update, CATEGORIES.POSITION, changes.position());
		update = setIfPresent(update, CATEGORIES.IS_ACTIVE, changes.active());
		return update
			.where(CATEGORIES.TENANT_ID.eq(tenant()), CATEGORIES.ID.eq(id), CATEGORIES.VERSION.eq(expectedVersion))
			.returningResult(COLUMNS)
			.fetchOptional(CategoryRepository::category);
	}

	/**
	 * Moves a category under another parent (null: top level) if the version still matches; without a
	 * position it goes after the new parent's last child. The schema's trigger refuses a cycle.
	 */
	Optional<Category> move(UUID id, long expectedVersion, UUID parentId, Integer position) {
		return dsl.update(CATEGORIES)
			.set(CATEGORIES.PARENT_ID, parentId)
			.set(CATEGORIES.POSITION, positionOrLast(position, parentId, id))
			.set(CATEGORIES.VERSION, CATEGORIES.VERSION.plus(1))
			.set(CATEGORIES.UPDATED_AT, DSL.currentOffsetDateTime())
			.where(CATEGORIES.TENANT_ID.eq(tenant()), CATEGORIES.ID.eq(id), CATEGORIES.VERSION.eq(expectedVersion))
			.returningResult(COLUMNS)
			.fetchOptional(CategoryRepository::category);
	}

	boolean hasChildren(UUID id) {
		return dsl.fetchExists(CATEGORIES, CATEGORIES.TENANT_ID.eq(tenant()), CATEGORIES.PARENT_ID.eq(id));
	}

	boolean hasProducts(UUID id) {
		return dsl.fetchExists(PRODUCTS, PRODUCTS.TENANT_ID.eq(tenant()), PRODUCTS.CATEGORY_ID.eq(id));
	}

	boolean delete(UUID id) {
		return dsl.deleteFrom(CATEGORIES)
			.where(CATEGORIES.TENANT_ID.eq(tenant()), CATEGORIES.ID.eq(id))
			.execute() == 1;
	}

	private Field<Integer> positionOrLast(Integer position, UUID parentId, UUID self) {
		if (position != null) {
			return DSL.val(position);
		}
		Categories sibling = CATEGORIES.as("sibling");
		return DSL.field(DSL.select(DSL.coalesce(DSL.max(sibling.POSITION).plus(1), DSL.val(0)))
			.from(sibling)
			.where(sibling.TENANT_ID.eq(tenant()), sibling.PARENT_ID.isNotDistinctFrom(parentId),
					sibling.ID.ne(self)));
	}

	private static <T> UpdateSetMoreStep<CategoriesRecord> setIfPresent(UpdateSetMoreStep<CategoriesRecord> update,
			Field<T> field, T value) {
		return value == null ? update : update.set(field, value);
	}

	private static Category category(Record r) {
		return new Category(r.get(CATEGORIES.ID), r.get(CATEGORIES.PARENT_ID), r.get(CATEGORIES.NAME),
				r.get(CATEGORIES.SLUG), r.get(CATEGORIES.POSITION), r.get(CATEGORIES.IS_ACTIVE),
				r.get(CATEGORIES.VERSION), r.get(CATEGORIES.CREATED_AT), r.get(CATEGORIES.UPDATED_AT));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

	/** Changes to a category; null leaves a field as it is. */
	record CategoryChanges(String name, String slug, Integer position, Boolean active) {
	}

}
