package io.sokoni.platform.payment.mpesa;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import io.sokoni.platform.order.OrderFixtures;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.junit.jupiter.api.Test;

/**
 * The admin payment views show a payment in full to its tenant (attempts, audit, raw callbacks), to every
 * role, and nothing of it to another tenant; the retry endpoint and the account are per tenant too.
 */
class PaymentViewsIsolationIT extends MpesaTestBase {

	@Test
	void aPaymentIsShownInFullToItsTenantAndIsUnknownToAnother() {
		OrderFixtures shop = mpesaShop();
		UUID orderId = id(checkout(shop, 50_000, SUCCESS));
		await("paid", () -> "paid".equals(order(shop, orderId).get("status")));
		UUID paymentId = (UUID) payment(shop, orderId).get("id");
		String viewer = fixtures().staffMember(shop.tenant, "viewer");

		Response list = api().get("/admin/v1/payments?status=succeeded").bearer(viewer).send();
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		assertThat(list.json().path("items").path(0).path("id").asString()).isEqualTo(paymentId.toString());
		Response detail = api().get("/admin/v1/payments/" + paymentId).bearer(viewer).send();
		assertThat(detail.status()).as(detail.toString()).isEqualTo(200);
		assertThat(detail.json().path("attempts").path(0).path("status").asString()).isEqualTo("succeeded");
		assertThat(detail.json().path("audit").toString()).contains("stk.payment_created", "settled");
		assertThat(detail.json().path("callbacks").path(0).path("outcome").asString()).isEqualTo("applied");
		assertThat(detail.json().path("callbacks").path(0).path("body").asString()).contains("stkCallback");
		Response ofOrder = api().get("/admin/v1/orders/" + orderId + "/payments").bearer(viewer).send();
		assertThat(ofOrder.status()).as(ofOrder.toString()).isEqualTo(200);
		assertThat(ofOrder.json().path("paymentStatus").asString()).isEqualTo("paid");
		assertThat(ofOrder.json().path("payments")).hasSize(1);
		Response bad = api().get("/admin/v1/payments?status=bogus").bearer(viewer).send();
		assertThat(bad.status()).isEqualTo(400);

		TestTenant other = fixtures().tenant();
		assertThat(api().get("/admin/v1/payments/" + paymentId).bearer(other.ownerToken()).send().status()).isEqualTo(404);
		assertThat(api().get("/admin/v1/orders/" + orderId + "/payments").bearer(other.ownerToken()).send().status())
			.isEqualTo(404);
		Response otherList = api().get("/admin/v1/payments").bearer(other.ownerToken()).send();
		assertThat(otherList.status()).isEqualTo(200);
		assertThat(otherList.json().path("items")).isEmpty();
		assertThat(api().get("/admin/v1/payments/mpesa-account").bearer(other.ownerToken()).send().status())
			.as("the other tenant has no account, and never sees this one").isEqualTo(404);
		assertThat(api().delete("/admin/v1/payments/mpesa-account").bearer(other.ownerToken()).send().status())
			.isEqualTo(404);
		assertThat(api().get("/admin/v1/payments/mpesa-account").bearer(shop.tenant.ownerToken()).send().status())
			.isEqualTo(200);
	}

	@Test
	void aCartTokenOfAnotherStoreCannotAskForAPrompt() {
		OrderFixtures shop = mpesaShop();
		UUID orderId = id(checkout(shop, 50_000, CANCELLED));
		await("cancelled", () -> "cancelled".equals(attemptStatus(shop, orderId)));
		OrderFixtures other = mpesaShop();

		Response foreign = api().post("/storefront/v1/carts/" + cartOf(shop, orderId) + "/order/payment/retry")
			.host(other.tenant.host())
			.body(java.util.Map.of())
			.send();

		assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
		assertThat(shop.count("select count(*) from app.payment_attempts where order_id = ?", orderId)).isEqualTo(1);
	}

}
