package io.sokoni.platform.cart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.cart.CartApi.CartState;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.web.ApiException;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant A's host can neither read nor change tenant B's cart, even with B's token, nor put B's
 * variants in its own carts; nor can another store of the same tenant.
 */
class CartIsolationIT extends ApiTestBase {

	private TestTenant a;

	private TestTenant b;

	private CartApi asA;

	private UUID aVariant;

	private UUID bVariant;

	private String bToken;

	private CartState bBefore;

	@BeforeEach
	void twoTenantsWithCarts() {
		a = fixtures().tenant();
		b = fixtures().tenant();
		asA = new CartApi(api(), a.host());
		CartApi asB = new CartApi(api(), b.host());
		aVariant = variant(a);
		bVariant = variant(b);
		bToken = asB.create();
		asB.added(bToken, bVariant, 2);
		assertThat(asB.call("PUT", CartApi.path(bToken) + "/coupon").body(Map.of("code", "BONLY")).send().status())
			.isEqualTo(200);
		bBefore = CartApi.state(b.id(), bToken);
	}

	@Test
	void anotherTenantsTokenIsUnknownOnEveryEndpoint() {
		String path = CartApi.path(bToken);
		List<Response> responses = List.of(asA.get(bToken), asA.add(bToken, aVariant, 1), asA.add(bToken, bVariant, 1),
				asA.change(bToken, bVariant, 1), asA.change(bToken, bVariant, 0), asA.remove(bToken, bVariant),
				asA.call("PUT", path + "/coupon").body(Map.of("code", "HIJACK")).send(),
				asA.call("DELETE", path + "/coupon").send(),
				asA.call("PUT", path + "/delivery-area").body(Map.of("cityArea", "Kilimani")).send(),
				asA.call("POST", path + "/delivery-quote").body(Map.of("cityArea", "Kilimani")).send(),
				asA.call("POST", path + "/abandonment-reason").body(Map.of("reason", "other")).send());
		for (Response response : responses) {
			assertThat(response.status()).as(response.toString()).isEqualTo(404);
			assertThat(response.problemType()).isEqualTo("not-found");
		}
		assertThat(CartApi.state(b.id(), bToken)).isEqualTo(bBefore);
		assertThat(io.sokoni.platform.support.TenantSql.<Object>call(b.id(), jdbc -> jdbc
			.queryForObject("select count(*) from app.checkout_abandonment_reasons", Integer.class))).isEqualTo(0);
	}

	@Test
	void anotherTenantsVariantCannotGoIntoACart() {
		String aToken = asA.create();
		Response response = asA.add(aToken, bVariant, 1);
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(CartApi.state(a.id(), aToken).items()).isZero();
	}

	@Test
	void anotherStoreOfTheSameTenantDoesNotSeeTheCart() {
		CartService service = context.getBean(CartService.class);
		UUID otherStore = new CatalogFixtures(b).otherStore();
		Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
				() -> TenantContext.callAs(TenantId.of(b.id()), () -> service.get(otherStore, bToken)));
		assertThat(thrown).isInstanceOf(ApiException.class).hasMessageContaining("not found");
	}

	@Test
	void checkoutAndQuotesOfAnotherTenantFindNothing() {
		CartService service = context.getBean(CartService.class);
		Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
				() -> TenantContext.callAs(TenantId.of(a.id()), () -> service.lockForCheckout(b.storeId(), bToken)));
		assertThat(thrown).isInstanceOf(ApiException.class).hasMessageContaining("not found");
		thrown = org.assertj.core.api.Assertions.catchThrowable(
				() -> TenantContext.callAs(TenantId.of(a.id()), () -> service.lockForCheckout(a.storeId(), bToken)));
		assertThat(thrown).isInstanceOf(ApiException.class).hasMessageContaining("not found");
		assertThat(TenantContext.callAs(TenantId.of(a.id()), () -> service.validQuote(bBefore.id(), "Kilimani", 0)))
			.isEmpty();
		TenantContext.runAs(TenantId.of(a.id()), () -> {
			Throwable converted = org.assertj.core.api.Assertions
				.catchThrowable(() -> service.markConverted(bBefore.id(), UUID.randomUUID()));
			assertThat(converted).isInstanceOf(ApiException.class);
		});
		assertThat(CartApi.state(b.id(), bToken)).isEqualTo(bBefore);
	}

	private static UUID variant(TestTenant tenant) {
		CatalogFixtures.Product p = new CatalogFixtures(tenant).product().variant(700, 50);
		p.persist();
		return p.variantIds.get(0);
	}

}
