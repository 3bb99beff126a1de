package io.sokoni.platform.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Amounts;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.OwnerJdbc;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Prices are capped (validation and check constraints) and every money product and sum is exact: a
 * price of 2^63-1 is refused, and amounts that would overflow (a row from before the caps) answer 422
 * {@code amount-out-of-range}, never a negative subtotal or a 500.
 */
class MoneyOverflowIT extends ApiTestBase {

	private OrderFixtures shop;

	@BeforeEach
	void shop() {
		shop = new OrderFixtures(api(), fixtures().tenant());
	}

	@Test
	void pricesAboveTheCapAreRefused() {
		for (long price : List.of(Long.MAX_VALUE, Amounts.MAX_PRICE_CENTS + 1)) {
			Response product = createProduct(price, 1_000);
			assertThat(product.status()).as(product.toString()).isEqualTo(400);
			assertThat(product.json().path("errors").findValuesAsString("field")).containsExactly("basePriceCents");
			Response variant = createProduct(1_000, price);
			assertThat(variant.status()).as(variant.toString()).isEqualTo(400);
			assertThat(variant.json().path("errors").findValuesAsString("field"))
				.containsExactly("variants[0].priceCents");
		}
		assertThat(shop.count("select count(*) from app.products")).isZero();
		assertThat(createProduct(Amounts.MAX_PRICE_CENTS, Amounts.MAX_PRICE_CENTS).status())
			.as("the cap itself is allowed").isEqualTo(201);

		Map<String, Object> zone = new LinkedHashMap<>();
		zone.put("storeId", shop.tenant.storeId());
		zone.put("name", "Karen");
		zone.put("cityAreas", List.of("Karen"));
		zone.put("feeCents", Long.MAX_VALUE);
		zone.put("etaMinutes", 90);
		Response fee = api().post("/admin/v1/delivery-zones").bearer(shop.tenant.ownerToken()).body(zone).send();
		assertThat(fee.status()).as(fee.toString()).isEqualTo(400);
		assertThat(fee.json().path("errors").findValuesAsString("field")).containsExactly("feeCents");
	}

	@Test
	void theSchemaRefusesAPriceAboveTheCap() {
		UUID variant = shop.variant(1_000, 10);
		Long changed = OwnerJdbc.inTenant(shop.tenant.id(), connection -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("savepoint before");
				try {
					statement.executeUpdate("update app.product_variants set price_cents = 10000000001 where id = '"
							+ variant + "'");
					return 1L;
				}
				catch (java.sql.SQLException ex) {
					statement.execute("rollback to savepoint before");
					assertThat(ex.getSQLState()).isEqualTo("23514");
					return 0L;
				}
			}
		});
		assertThat(changed).isZero();
	}

	@Test
	void amountsThatWouldOverflowAre422InTheCartTheQuoteAndTheCheckout() {
		UUID variant = shop.variant(1_000, 10);
		String cart = shop.cart(variant, 2);
		legacyPrice(variant, Long.MAX_VALUE / 2 + 1);

		Response read = api().get("/storefront/v1/carts/" + cart).host(shop.tenant.host()).send();
		assertOutOfRange(read);
		Response quote = api().post("/storefront/v1/carts/" + cart + "/delivery-quote")
			.host(shop.tenant.host())
			.body(Map.of("cityArea", "Westlands"))
			.send();
		assertOutOfRange(quote);
		Response checkout = shop.checkout(cart, "cod");
		assertOutOfRange(checkout);
		assertThat(shop.count("select count(*) from app.orders")).isZero();
		assertThat(shop.stock(variant)).containsExactly(10, 0);
	}

	/**
	 * Gives the variant a price from before the caps: the constraints are NOT VALID, so such a row may
	 * exist in a migrated database. Dropped and added back in one transaction, as V30 added them.
	 */
	private void legacyPrice(UUID variant, long price) {
		OwnerJdbc.inTenant(shop.tenant.id(), connection -> {
			try (Statement statement = connection.createStatement()) {
				statement.execute("alter table app.product_variants drop constraint product_variants_price_capped");
				statement.execute("alter table app.products drop constraint products_listed_price_capped");
				statement.executeUpdate(
						"update app.product_variants set price_cents = " + price + " where id = '" + variant + "'");
				statement.execute("alter table app.product_variants add constraint product_variants_price_capped "
						+ "check (price_cents <= 10000000000) not valid");
				statement.execute("alter table app.products add constraint products_listed_price_capped "
						+ "check (listed_price_cents <= 10000000000) not valid");
			}
			return null;
		});
	}

	private static void assertOutOfRange(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(422);
		assertThat(response.problemType()).isEqualTo("amount-out-of-range");
	}

	private Response createProduct(long basePrice, long variantPrice) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("storeId", shop.tenant.storeId().toString());
		body.put("name", "Gold bar");
		body.put("slug", "p-" + UUID.randomUUID().toString().substring(0, 8));
		body.put("currency", "KES");
		body.put("basePriceCents", basePrice);
		body.put("variants", new ArrayList<>(List.of(Map.of("sku", "SKU-" + UUID.randomUUID().toString()
			.substring(0, 8)
			.toUpperCase(), "priceCents", variantPrice))));
		return api().post("/admin/v1/products").bearer(shop.tenant.ownerToken()).body(body).send();
	}

}
