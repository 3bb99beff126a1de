package io.sokoni.platform.catalog;

import static io.sokoni.jooq.Tables.PRODUCTS;
import static io.sokoni.jooq.Tables.PRODUCT_IMAGES;
import static io.sokoni.jooq.Tables.PRODUCT_VARIANTS;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lateral;
import static org.jooq.impl.DSL.select;

import io.sokoni.platform.inventory.SellableStock;
import org.jooq.Field;
import org.jooq.Record2;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * What a shopper is offered for a product, as SQL over {@code app.products} in the outer query: one
 * rule for the storefront lists and pages and for the search documents, so they never disagree.
 */
public final class ProductOffers {

	private ProductOffers() {
	}

	/**
	 * Lowest active variant price (the base price when no variant is active) as {@code price_cents}, and
	 * {@code in_stock}: some active variant has {@link SellableStock sellable stock}.
	 */
	public static Table<Record2<Long, Boolean>> offer() {
		return lateral(select(coalesce(DSL.min(PRODUCT_VARIANTS.PRICE_CENTS), PRODUCTS.BASE_PRICE_CENTS).as("price_cents"),
				coalesce(DSL.boolOr(SellableStock.any()), inline(false)).as("in_stock"))
			.from(PRODUCT_VARIANTS)
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(PRODUCTS.TENANT_ID), PRODUCT_VARIANTS.PRODUCT_ID.eq(PRODUCTS.ID),
					PRODUCT_VARIANTS.IS_ACTIVE.isTrue()))
			.as("offer");
	}

	/** The URL of the product's first image, as {@code image_url}. */
	public static Field<String> firstImage() {
		return DSL.field(select(PRODUCT_IMAGES.URL).from(PRODUCT_IMAGES)
			.where(PRODUCT_IMAGES.TENANT_ID.eq(PRODUCTS.TENANT_ID), PRODUCT_IMAGES.PRODUCT_ID.eq(PRODUCTS.ID))
			.orderBy(PRODUCT_IMAGES.POSITION, PRODUCT_IMAGES.ID)
			.limit(1)).as("image_url");
	}

}
