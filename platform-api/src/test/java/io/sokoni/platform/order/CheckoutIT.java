package io.sokoni.platform.order;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Checkout through the storefront API: what an order holds, and every refusal leaving nothing behind. */
class CheckoutIT extends ApiTestBase {

	private OrderFixtures shop;

	@BeforeEach
	void shop() {
		shop = new OrderFixtures(api(), fixtures().tenant());
	}

	@Test
	void cashOnDeliveryCheckoutPlacesAConfirmedOrderHoldingStockWithoutExpiry() {
		UUID shirt = shop.variant(150_000, 10);
		UUID socks = shop.variant(35_050, 4);
		String cart = shop.cart(Map.of(shirt, 2, socks, 3));

		Response placed = shop.checkout(cart, "cod");

		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		var order = placed.json();
		assertThat(order.path("number").asLong()).isEqualTo(1001);
		assertThat(order.path("status").asString()).isEqualTo("pending");
		assertThat(order.path("paymentMethod").asString()).isEqualTo("cod");
		assertThat(order.path("paymentStatus").asString()).isEqualTo("unpaid");
		assertThat(order.path("subtotalCents").asLong()).isEqualTo(2 * 150_000 + 3 * 35_050);
		assertThat(order.path("deliveryFeeCents").asLong()).isEqualTo(OrderFixtures.FEE);
		assertThat(order.path("discountCents").asLong()).isZero();
		assertThat(order.path("totalCents").asLong()).isEqualTo(2 * 150_000 + 3 * 35_050 + OrderFixtures.FEE);
		assertThat(order.path("reservationExpiresAt").isNull()).isTrue();
		assertThat(order.path("customer").path("phone").asString()).isEqualTo("+254712345678");
		assertThat(order.path("items")).hasSize(2);
		assertThat(shop.stock(shirt)).containsExactly(10, 2);
		assertThat(shop.stock(socks)).containsExactly(4, 3);
		UUID id = UUID.fromString(order.path("id").asString());
		assertThat(shop.count("select count(*) from app.inventory_reservations where order_id = ? and status = 'active' "
				+ "and expires_at is null", id)).isEqualTo(2);
		assertThat(shop.count("select count(*) from app.order_status_history where order_id = ? and to_status = 'pending'",
				id)).isEqualTo(1);
		assertThat(shop.count("select count(*) from app.outbox_events where aggregate_id = ? and event_type = 'order.placed'",
				id)).isEqualTo(1);
		assertThat(shop.count("select count(*) from app.carts where status = 'converted'")).isEqualTo(1);
		assertThat(shop.count("select lifetime_value_cents from app.customers where phone = '+254712345678'"))
			.isEqualTo(order.path("totalCents").asLong());
	}

	@Test
	void aLineTheFirstLocationCannotCoverIsHeldAtTheNextOneAndTheLastUnitAnnouncesTheSellOut() {
		UUID shirt = shop.variant(150_000, 2);
		UUID socks = shop.variant(35_050, 4);
		Response location = api().post("/admin/v1/locations")
			.bearer(shop.tenant.ownerToken())
			.body(Map.of("storeId", shop.tenant.storeId(), "code", "MOI", "name", "Shop on Moi Avenue", "area", "CBD"))
			.send();
		assertThat(location.status()).as(location.toString()).isEqualTo(201);
		UUID moiAvenue = UUID.fromString(location.json().path("id").asString());
		Response stocked = api().put("/admin/v1/inventory/" + shirt + "/" + moiAvenue)
			.bearer(shop.tenant.ownerToken())
			.body(Map.of("onHand", 3))
			.send();
		assertThat(stocked.status()).as(stocked.toString()).isEqualTo(200);
		String stockEvents = "select count(*) from app.outbox_events where event_type = 'product.upserted' "
				+ "and payload ->> 'reason' = 'stock'";
		long eventsBefore = shop.count(stockEvents);

		Response placed = shop.checkout(shop.cart(Map.of(shirt, 4, socks, 4)), "cod");

		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		assertThat(placed.json().path("number").asLong()).isEqualTo(1001);
		UUID order = UUID.fromString(placed.json().path("id").asString());
		assertThat(shop.stock(shirt)).containsExactly(5, 4);
		assertThat(shop.count("select reserved from app.inventory_levels where variant_id = ? and location_id = ?",
				shirt, moiAvenue)).as("the location with most available first: all of its 3").isEqualTo(3);
		assertThat(shop.count("select count(*) from app.inventory_reservations where order_id = ? and variant_id = ?",
				order, shirt)).as("one line, held at two locations").isEqualTo(2);
		assertThat(shop.stock(socks)).containsExactly(4, 4);
		assertThat(shop.count(stockEvents) - eventsBefore).as("socks sold out, and the shirt at Moi Avenue")
			.isEqualTo(2);
	}

	@Test
	void mpesaCheckoutAwaitsPaymentWithAnExpiringHold() {
		UUID variant = shop.variant(99_900, 5);

		Response placed = shop.checkout(shop.cart(variant, 1), "mpesa");

		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		assertThat(placed.json().path("status").asString()).isEqualTo("awaiting_payment");
		assertThat(placed.json().path("reservationExpiresAt").isNull()).isFalse();
		assertThat(shop.stock(variant)).containsExactly(5, 1);
	}

	@Test
	void theShopperReadsTheOrderTheirCartBecameAsItIsNow() {
		UUID variant = shop.variant(99_900, 5);
		String cart = shop.cart(variant, 1);
		assertThat(api().get("/storefront/v1/carts/" + cart + "/order").host(shop.tenant.host()).send().status())
			.as("not checked out yet").isEqualTo(404);
		UUID order = UUID.fromString(shop.checkout(cart, "cod").json().path("id").asString());
		api().post("/admin/v1/orders/" + order + "/status")
			.bearer(shop.tenant.ownerToken())
			.body(Map.of("status", "packing"))
			.send();

		Response read = api().get("/storefront/v1/carts/" + cart + "/order").host(shop.tenant.host()).send();

		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().path("id").asString()).isEqualTo(order.toString());
		assertThat(read.json().path("status").asString()).isEqualTo("packing");
		assertThat(read.json().path("items")).hasSize(1);
	}

	@Test
	void orderNumbersFollowEachOtherPerTenant() {
		UUID variant = shop.variant(1_000, 10);
		assertThat(shop.checkout(shop.cart(variant, 1), "cod").json().path("number").asLong()).isEqualTo(1001);
		assertThat(shop.checkout(shop.cart(variant, 1), "cod").json().path("number").asLong()).isEqualTo(1002);
		OrderFixtures other = new OrderFixtures(api(), fixtures().tenant());
		UUID elsewhere = other.variant(1_000, 10);
		assertThat(other.checkout(other.cart(elsewhere, 1), "cod").json().path("number").asLong()).isEqualTo(1001);
	}

	@Test
	void theSameKeyAnswersWithTheSameOrderAndADifferentBodyIsRefused() {
		UUID variant = shop.variant(1_000, 10);
		String cart = shop.cart(variant, 2);
		Map<String, Object> body = OrderFixtures.checkoutBody("cod", "0712345678", "Westlands");

		Response first = shop.checkout(cart, "key-1", body);
		Response again = shop.checkout(cart, "key-1", body);
		Response otherBody = shop.checkout(cart, "key-1", OrderFixtures.checkoutBody("mpesa", "0712345678", "Westlands"));
		Response otherKey = shop.checkout(cart, "key-2", body);

		assertThat(first.status()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
		assertThat(otherBody.status()).as(otherBody.toString()).isEqualTo(422);
		assertThat(otherKey.status()).as("the cart is converted").isEqualTo(409);
		assertThat(shop.count("select count(*) from app.orders")).isEqualTo(1);
		assertThat(shop.stock(variant)).containsExactly(10, 2);
	}

	@Test
	void aCheckoutWithoutIdempotencyKeyIsRefusedAndChangesNothing() {
		UUID variant = shop.variant(1_000, 10);
		Response refused = shop.checkout(shop.cart(variant, 1), null,
				OrderFixtures.checkoutBody("cod", "0712345678", "Westlands"));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.problemType()).isEqualTo("idempotency-key-required");
		assertNothingPlaced(variant, 10);
	}

	@Test
	void anInvalidPhoneIsRefusedAndChangesNothing() {
		UUID variant = shop.variant(1_000, 10);
		Response refused = shop.checkout(shop.cart(variant, 1), "k",
				OrderFixtures.checkoutBody("cod", "12345", "Westlands"));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("customer.phone");
		assertNothingPlaced(variant, 10);
		assertThat(shop.count("select count(*) from app.customers")).isZero();
	}

	@Test
	void anAreaNoZoneServesIsRefusedAndHoldsNoStock() {
		UUID variant = shop.variant(1_000, 10);
		Response refused = shop.checkout(shop.cart(variant, 1), "k",
				OrderFixtures.checkoutBody("cod", "0712345678", "Karen"));

		assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
		assertThat(refused.problemType()).isEqualTo("area-not-served");
		assertNothingPlaced(variant, 10);
		assertThat(shop.count("select count(*) from app.customers")).as("the customer upsert rolled back").isZero();
		assertThat(shop.count("select count(*) from app.idempotency_keys")).as("the key can be retried").isZero();
	}

	@Test
	void stockThatRanOutAfterTheCartWasFilledIsRefusedAndNothingIsHeld() {
		UUID scarce = shop.variant(1_000, 3);
		UUID plenty = shop.variant(1_000, 50);
		String cart = shop.cart(Map.of(scarce, 3, plenty, 5));
		shop.order(scarce, 2, "cod");

		Response refused = shop.checkout(cart, "cod");

		assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
		assertThat(refused.problemType()).isEqualTo("insufficient-stock");
		assertThat(refused.json().path("available").asInt()).isEqualTo(1);
		assertThat(shop.stock(scarce)).containsExactly(3, 2);
		assertThat(shop.stock(plenty)).as("the other line's hold rolled back").containsExactly(50, 0);
		assertThat(shop.count("select count(*) from app.orders")).isEqualTo(1);
	}

	@Test
	void aBadBodyIsAProblemWithFieldErrors() {
		UUID variant = shop.variant(1_000, 10);
		Response refused = shop.checkout(shop.cart(variant, 1), "k", Map.of("paymentMethod", "card"));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("paymentMethod", "customer", "delivery");
		assertNothingPlaced(variant, 10);
	}

	@Test
	void anUnknownCartIsNotFound() {
		Response refused = shop.checkout("no-such-cart-token", "cod");
		assertThat(refused.status()).isEqualTo(404);
	}

	private void assertNothingPlaced(UUID variant, int onHand) {
		assertThat(shop.count("select count(*) from app.orders")).isZero();
		assertThat(shop.count("select count(*) from app.inventory_reservations")).isZero();
		assertThat(shop.stock(variant)).containsExactly(onHand, 0);
		assertThat(shop.count("select count(*) from app.carts where status = 'open'")).isEqualTo(1);
	}

}
