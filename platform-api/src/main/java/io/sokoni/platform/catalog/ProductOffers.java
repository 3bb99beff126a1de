package io.sokoni.platform.catalog;

import static io.sokoni.jooq.Tables.PRODUCTS;
import static io.sokoni.jooq.Tables.PRODUCT_IMAGES;
import static io.sokoni.jooq.Tables.PRODUCT_VARIANTS;
import static org.jooq.impl.DSL.select;

import io.sokoni.platform.inventory.SellableStock;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * What a shopper is offered for a product, as SQL over {@code app.products} in the outer query: one
 * rule for the storefront lists and pages and for the search documents, so they never disagree.
 * <p>
 * Written as select-list fields, not joins: PostgreSQL then computes the stock and image of only the
 * rows a page returns (after sorting and limiting), unless a filter needs them for every row.
 */
public final class ProductOffers {

	private ProductOffers() {
	}

	/**
	 * The price the product is listed at: its lowest active variant price, else its base price. The
	 * database keeps it on the product row (V8 triggers), so lists sort and filter on an index.
	 */
	public static Field<Long> price() {
		return PRODUCTS.LISTED_PRICE_CENTS;
	}

	/**
	 * The "was" price shown beside {@link #price()}: the product's compare-at price, only while it is above
	 * the listed price (a variant priced above it would otherwise read "was 15, now 50").
	 */
	public static Field<Long> compareAtPrice() {
		return DSL.when(PRODUCTS.COMPARE_AT_PRICE_CENTS.gt(price()), PRODUCTS.COMPARE_AT_PRICE_CENTS);
	}

	/** Whether some active variant of the product has {@link SellableStock sellable stock}. */
	public static Condition hasStock() {
		return DSL.exists(DSL.selectOne()
			.from(PRODUCT_VARIANTS)
			.where(PRODUCT_VARIANTS.TENANT_ID.eq(PRODUCTS.TENANT_ID), PRODUCT_VARIANTS.PRODUCT_ID.eq(PRODUCTS.ID),
					PRODUCT_VARIANTS.IS_ACTIVE.isTrue(), SellableStock.any()));
	}

	/** {@link #hasStock()} as the select-list field {@code in_stock}. */
	public static Field<Boolean> inStock() {
		return DSL.field(hasStock()).as("in_stock");
	}

	/** The URL of the product's first image, as {@code image_url}. */
	public static Field<String> firstImage() {
		return DSL.field(select(PRODUCT_IMAGES.URL).from(PRODUCT_IMAGES)
			.where(PRODUCT_IMAGES.TENANT_ID.eq(PRODUCTS.TENANT_ID), PRODUCT_IMAGES.PRODUCT_ID.eq(PRODUCTS.ID))
			.orderBy(PRODUCT_IMAGES.POSITION, PRODUCT_IMAGES.ID)
			.limit(1)).as("image_url");
	}

}
