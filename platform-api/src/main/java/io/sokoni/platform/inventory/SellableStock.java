package io.sokoni.platform.inventory;

import static io.sokoni.jooq.Tables.INVENTORY_LEVELS;
import static io.sokoni.jooq.Tables.PRODUCT_VARIANTS;
import static io.sokoni.jooq.Tables.STORE_LOCATIONS;

import java.math.BigDecimal;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The one rule for what a shopper can still buy of a variant: on hand minus reserved at the store's
 * active locations. As SQL over {@code app.product_variants} in the outer query, so the storefront's
 * in-stock flag, search documents and cart availability never disagree. Constants are literals, not
 * binds, so a statement rendered once (the storefront's product page) binds only its inputs.
 */
public final class SellableStock {

	private SellableStock() {
	}

	/** How many of the outer variant can be bought now (0 when none is recorded anywhere). */
	public static Field<Integer> quantity() {
		return DSL.field(DSL.select(DSL.coalesce(DSL.sum(INVENTORY_LEVELS.ON_HAND.minus(INVENTORY_LEVELS.RESERVED)),
				DSL.inline(BigDecimal.ZERO)).cast(SQLDataType.INTEGER))
			.from(INVENTORY_LEVELS)
			.join(STORE_LOCATIONS)
			.on(STORE_LOCATIONS.TENANT_ID.eq(INVENTORY_LEVELS.TENANT_ID),
					STORE_LOCATIONS.ID.eq(INVENTORY_LEVELS.LOCATION_ID))
			.where(ofOuterVariant(), STORE_LOCATIONS.STATUS.eq(DSL.inline("active"))));
	}

	/** Whether any of the outer variant can be bought now. */
	public static Condition any() {
		return DSL.exists(DSL.selectOne()
			.from(INVENTORY_LEVELS)
			.join(STORE_LOCATIONS)
			.on(STORE_LOCATIONS.TENANT_ID.eq(INVENTORY_LEVELS.TENANT_ID),
					STORE_LOCATIONS.ID.eq(INVENTORY_LEVELS.LOCATION_ID))
			.where(ofOuterVariant(), STORE_LOCATIONS.STATUS.eq(DSL.inline("active")),
					INVENTORY_LEVELS.ON_HAND.gt(INVENTORY_LEVELS.RESERVED)));
	}

	private static Condition ofOuterVariant() {
		return INVENTORY_LEVELS.TENANT_ID.eq(PRODUCT_VARIANTS.TENANT_ID)
			.and(INVENTORY_LEVELS.VARIANT_ID.eq(PRODUCT_VARIANTS.ID));
	}

}
