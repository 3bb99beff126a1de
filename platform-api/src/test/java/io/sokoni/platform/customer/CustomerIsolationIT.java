package io.sokoni.platform.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.web.ApiException;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenant A's admin can neither see nor change tenant B's customers; the same phone is two customers. */
class CustomerIsolationIT extends ApiTestBase {

	private static final String PHONE = "+254799000111";

	private TestTenant a;

	private TestTenant b;

	private UUID aCustomer;

	private UUID bCustomer;

	private CustomerService customers;

	@BeforeEach
	void twoTenantsWithTheSameShopper() {
		a = fixtures().tenant();
		b = fixtures().tenant();
		customers = context.getBean(CustomerService.class);
		aCustomer = TenantContext.callAs(TenantId.of(a.id()),
				() -> customers.findOrCreateForCheckout(PHONE, "Shopper in A", null, false, "Kilimani", null, null))
			.customerId();
		bCustomer = TenantContext.callAs(TenantId.of(b.id()),
				() -> customers.findOrCreateForCheckout(PHONE, "Shopper in B", "b@example.com", true, "Karen", "Road", null))
			.customerId();
		Response tagged = api().put("/admin/v1/customers/" + bCustomer + "/tags")
			.bearer(b.ownerToken())
			.body(Map.of("tags", List.of("b-only")))
			.send();
		assertThat(tagged.status()).isEqualTo(200);
	}

	@Test
	void anotherTenantsCustomerIsNotFound() {
		assertThat(aCustomer).isNotEqualTo(bCustomer);
		Response get = api().get("/admin/v1/customers/" + bCustomer).bearer(a.ownerToken()).send();
		assertThat(get.status()).isEqualTo(404);
		Response put = api().put("/admin/v1/customers/" + bCustomer + "/tags")
			.bearer(a.ownerToken())
			.body(Map.of("tags", List.of("hijacked")))
			.send();
		assertThat(put.status()).isEqualTo(404);
		assertThat(put.problemType()).isEqualTo("not-found");
		Response patch = api().patch("/admin/v1/customers/" + bCustomer)
			.bearer(a.ownerToken())
			.body(Map.of("name", "Hijacked", "whatsappOptIn", false))
			.send();
		assertThat(patch.status()).isEqualTo(404);
		assertBUnchanged();
	}

	@Test
	void listsNeverShowAnotherTenantsCustomers() {
		for (String path : List.of("/admin/v1/customers", "/admin/v1/customers?q=0799000111",
				"/admin/v1/customers?q=Shopper", "/admin/v1/customers?tag=b-only")) {
			Response response = api().get(path).bearer(a.ownerToken()).send();
			assertThat(response.status()).isEqualTo(200);
			response.json().path("items").forEach(n -> assertThat(n.path("id").asString()).as(path)
				.isEqualTo(aCustomer.toString()));
		}
		assertThat(api().get("/admin/v1/customers?tag=b-only").bearer(a.ownerToken()).send().json().path("items").size())
			.isZero();
	}

	@Test
	void orderBookkeepingOfAnotherTenantsCustomerFindsNothing() {
		TenantContext.runAs(TenantId.of(a.id()), () -> {
			assertThat(org.assertj.core.api.Assertions
				.catchThrowable(() -> customers.recordOrder(bCustomer, 1000, OffsetDateTime.now())))
				.isInstanceOf(ApiException.class);
			assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> customers.reverseOrder(bCustomer, 1000)))
				.isInstanceOf(ApiException.class);
		});
		assertBUnchanged();
	}

	private void assertBUnchanged() {
		Response own = api().get("/admin/v1/customers/" + bCustomer).bearer(b.ownerToken()).send();
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.json().path("name").asString()).isEqualTo("Shopper in B");
		assertThat(own.json().path("whatsappOptIn").asBoolean()).isTrue();
		assertThat(own.json().path("tags").get(0).asString()).isEqualTo("b-only");
		assertThat(own.json().path("tags").size()).isEqualTo(1);
		assertThat(own.json().path("orderCount").asInt()).isZero();
		assertThat(own.json().path("addresses").size()).isEqualTo(1);
	}

}
