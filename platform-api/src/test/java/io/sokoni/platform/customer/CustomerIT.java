package io.sokoni.platform.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import io.sokoni.platform.customer.CustomerService.CheckoutCustomer;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CustomerIT extends ApiTestBase {

	private TestTenant t;

	private CustomerService customers;

	@BeforeEach
	void tenant() {
		t = fixtures().tenant();
		customers = context.getBean(CustomerService.class);
	}

	@Test
	void aCheckoutCreatesANewCustomerButNeverChangesAnExistingOne() {
		CheckoutCustomer first = asTenant(() -> customers.findOrCreateForCheckout("+254712345678", "Wanjiru",
				"w@example.com", false, "Kilimani", "Argwings Kodhek Rd", "Gate B"));
		CheckoutCustomer again = asTenant(() -> customers.findOrCreateForCheckout("+254712345678", " Mallory ",
				"mallory@example.com", true, "Westlands", "Elsewhere", null));

		assertThat(again.customerId()).isEqualTo(first.customerId());
		assertThat(first.addressId()).as("a new customer's address").isNotNull();
		assertThat(again.addressId()).as("no address added to an existing customer").isNull();

		JsonNode detail = detail(first.customerId());
		assertThat(detail.path("phone").asString()).isEqualTo("+254712345678");
		assertThat(detail.path("name").asString()).isEqualTo("Wanjiru");
		assertThat(detail.path("email").asString()).isEqualTo("w@example.com");
		assertThat(detail.path("whatsappOptIn").asBoolean()).as("no consent from a typed checkbox").isFalse();
		assertThat(detail.path("cityArea").asString()).isEqualTo("Kilimani");
		assertThat(detail.path("addresses").size()).isEqualTo(1);
		JsonNode home = detail.path("addresses").get(0);
		assertThat(home.path("isDefault").asBoolean()).as("the first address is the default").isTrue();
		assertThat(home.path("cityArea").asString()).isEqualTo("Kilimani");
		assertThat(home.path("instructions").asString()).isEqualTo("Gate B");
	}

	@Test
	void aVerifiedSourceChangesTheContactAndIsAudited() {
		UUID id = upsert("+254712345679", "Wanjiru");

		CustomerDetail changed = asTenant(() -> customers.applyVerifiedContact("+254712345679",
				new CustomerService.ContactUpdate("Wanjiru Kamau", "wk@example.com", true),
				CustomerService.ContactSource.MPESA_PAYMENT))
			.orElseThrow();
		assertThat(changed.id()).isEqualTo(id);
		assertThat(changed.name()).isEqualTo("Wanjiru Kamau");
		assertThat(changed.email()).isEqualTo("wk@example.com");
		assertThat(changed.whatsappOptIn()).isTrue();
		CustomerDetail kept = asTenant(() -> customers.applyVerifiedContact(id,
				new CustomerService.ContactUpdate(null, null, false), CustomerService.ContactSource.WHATSAPP_MESSAGE));
		assertThat(kept.name()).as("null keeps").isEqualTo("Wanjiru Kamau");
		assertThat(kept.whatsappOptIn()).as("consent can be withdrawn").isFalse();
		java.util.Optional<CustomerDetail> nobody = asTenant(() -> customers.applyVerifiedContact("+254700000000",
				new CustomerService.ContactUpdate("Nobody", null, null), CustomerService.ContactSource.WHATSAPP_MESSAGE));
		assertThat(nobody).as("never creates a customer").isEmpty();
		List<String> actors = TenantSql.call(t.id(), jdbc -> jdbc.queryForList("""
				select actor_id from app.audit_log where action = 'customer.contact_changed' and target_id = ?
				order by created_at, id""", String.class, id.toString()));
		assertThat(actors).containsExactly("mpesa_payment", "whatsapp_message");
	}

	@Test
	void theMerchantCorrectsAContactAndAViewerCannot() {
		UUID id = upsert("+254712345670", "Wanjiru");
		String viewer = fixtures().staffMember(t, "viewer");

		Response refused = api().patch("/admin/v1/customers/" + id)
			.bearer(viewer)
			.body(Map.of("name", "Renamed"))
			.send();
		assertThat(refused.status()).isEqualTo(403);
		Response invalid = api().patch("/admin/v1/customers/" + id)
			.bearer(t.ownerToken())
			.body(Map.of("email", "w@localhost"))
			.send();
		assertThat(invalid.status()).as(invalid.toString()).isEqualTo(400);
		assertThat(invalid.json().path("errors").findValuesAsString("field")).containsExactly("email");

		Response changed = api().patch("/admin/v1/customers/" + id)
			.bearer(t.ownerToken())
			.body(Map.of("name", "Wanjiru Kamau", "whatsappOptIn", true))
			.send();
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(changed.json().path("name").asString()).isEqualTo("Wanjiru Kamau");
		assertThat(changed.json().path("whatsappOptIn").asBoolean()).isTrue();
		assertThat(detail(id).path("name").asString()).isEqualTo("Wanjiru Kamau");
		assertThat(api().patch("/admin/v1/customers/" + UUID.randomUUID())
			.bearer(t.ownerToken())
			.body(Map.of("name", "x"))
			.send()
			.status()).isEqualTo(404);
	}

	@Test
	void ordersKeepLifetimeValueCurrentAndReversalsNeverGoBelowZero() {
		UUID id = upsert("+254722000001", "Otieno");
		OffsetDateTime earlier = OffsetDateTime.parse("2025-01-01T10:00:00Z");
		OffsetDateTime later = OffsetDateTime.parse("2025-02-01T10:00:00Z");
		run(() -> customers.recordOrder(id, 150000, later));
		run(() -> customers.recordOrder(id, 50000, earlier));

		JsonNode detail = detail(id);
		assertThat(detail.path("orderCount").asInt()).isEqualTo(2);
		assertThat(detail.path("lifetimeValueCents").asLong()).isEqualTo(200000);
		assertThat(OffsetDateTime.parse(detail.path("lastOrderAt").asString())).isEqualTo(later);

		run(() -> customers.reverseOrder(id, 50000));
		assertThat(detail(id).path("lifetimeValueCents").asLong()).isEqualTo(150000);
		run(() -> customers.reverseOrder(id, 999999));
		assertThat(detail(id).path("lifetimeValueCents").asLong()).isZero();
		assertThat(detail(id).path("orderCount").asInt()).isEqualTo(2);
	}

	@Test
	void theDetailShowsTheTwentyLatestOrders() {
		UUID id = upsert("+254733000002", "Akinyi");
		TenantSql.run(t.id(), jdbc -> {
			for (int i = 1; i <= 22; i++) {
				jdbc.update("""
						insert into app.orders (tenant_id, id, store_id, order_number, customer_id, status, channel, currency,
						    subtotal_cents, delivery_fee_cents, discount_cents, total_cents, payment_method,
						    customer_phone, customer_name, delivery_city_area, placed_at)
						values (?, gen_random_uuid(), ?, ?, ?, 'paid', 'web', 'KES', ?, 0, 0, ?, 'mpesa', '+254733000002',
						    'Akinyi', 'Kilimani', now() - make_interval(days => ?))""", t.id(), t.storeId(), i, id, i * 100,
						i * 100, 30 - i);
			}
		});

		JsonNode orders = detail(id).path("recentOrders");
		assertThat(orders.size()).isEqualTo(20);
		assertThat(orders.get(0).path("orderNumber").asLong()).isEqualTo(22);
		assertThat(orders.get(0).path("totalCents").asLong()).isEqualTo(2200);
		assertThat(orders.get(0).path("status").asString()).isEqualTo("paid");
		assertThat(orders.get(19).path("orderNumber").asLong()).isEqualTo(3);
	}

	@Test
	void theListSearchesByPhoneInAnyFormByNamePrefixAndByTag() {
		UUID wanjiru = upsert("+254712345678", "Wanjiru Kamau");
		UUID wambui = upsert("+254712000000", "wambui");
		UUID otieno = upsert("+254110000000", "Otieno 100%");
		tag(wambui, List.of("VIP"));

		for (String phone : List.of("0712345678", "0712 345 678", "254712345678", "+254 712-345-678", "712345678")) {
			assertThat(ids("/admin/v1/customers?q=" + encode(phone))).as(phone).containsExactly(wanjiru.toString());
		}
		assertThat(ids("/admin/v1/customers?q=wa")).containsExactly(wambui.toString(), wanjiru.toString());
		assertThat(ids("/admin/v1/customers?q=WANJ")).containsExactly(wanjiru.toString());
		assertThat(ids("/admin/v1/customers?q=" + encode("Otieno 100%"))).containsExactly(otieno.toString());
		assertThat(ids("/admin/v1/customers?q=" + encode("%"))).isEmpty();
		assertThat(ids("/admin/v1/customers?tag=vip")).containsExactly(wambui.toString());
		assertThat(ids("/admin/v1/customers?tag=vip&q=wan")).isEmpty();
		assertThat(ids("/admin/v1/customers")).containsExactly(otieno.toString(), wambui.toString(),
				wanjiru.toString());

		Response first = api().get("/admin/v1/customers?limit=2").bearer(t.ownerToken()).send();
		assertThat(first.json().path("items").size()).isEqualTo(2);
		String next = first.json().path("next").asString();
		assertThat(ids("/admin/v1/customers?limit=2&after=" + next)).containsExactly(wanjiru.toString());
		assertThat(api().get("/admin/v1/customers?limit=101").bearer(t.ownerToken()).send().status()).isEqualTo(400);
	}

	@Test
	void tagsAreNormalisedValidatedAndAudited() {
		UUID id = upsert("+254744000003", "Njeri");
		Response tagged = api().put("/admin/v1/customers/" + id + "/tags")
			.bearer(t.ownerToken())
			.body(Map.of("tags", List.of(" VIP ", "wholesale", "vip", "Nairobi-CBD")))
			.send();
		assertThat(tagged.status()).as(tagged.toString()).isEqualTo(200);
		assertThat(strings(tagged.json().path("tags"))).containsExactly("vip", "wholesale", "nairobi-cbd");

		List<String> tooMany = new ArrayList<>();
		for (int i = 0; i < 21; i++) {
			tooMany.add("tag" + i);
		}
		for (List<String> bad : List.of(List.of(""), List.of("x".repeat(31)), List.of("no<script>"), tooMany)) {
			Response response = api().put("/admin/v1/customers/" + id + "/tags")
				.bearer(t.ownerToken())
				.body(Map.of("tags", bad))
				.send();
			assertThat(response.status()).as(bad + " -> " + response).isEqualTo(400);
			assertThat(response.problemType()).isEqualTo("validation-failed");
		}
		assertThat(strings(detail(id).path("tags"))).containsExactly("vip", "wholesale", "nairobi-cbd");

		String viewer = fixtures().staffMember(t, "viewer");
		assertThat(api().put("/admin/v1/customers/" + id + "/tags")
			.bearer(viewer)
			.body(Map.of("tags", List.of()))
			.send()
			.status()).isEqualTo(403);
		assertThat(api().get("/admin/v1/customers/" + id).bearer(viewer).send().status()).isEqualTo(200);
		assertThat(api().put("/admin/v1/customers/" + UUID.randomUUID() + "/tags")
			.bearer(t.ownerToken())
			.body(Map.of("tags", List.of("vip")))
			.send()
			.status()).isEqualTo(404);

		assertThat(TenantSql.<Object>call(t.id(), jdbc -> jdbc.queryForObject("""
				select details->'after' from app.audit_log
				where action = 'customer.tags_changed' and target_id = ?""", String.class, id.toString())))
			.isEqualTo("[\"vip\", \"wholesale\", \"nairobi-cbd\"]");
	}

	@Test
	void unknownCustomersAre404() {
		Response response = api().get("/admin/v1/customers/" + UUID.randomUUID()).bearer(t.ownerToken()).send();
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.problemType()).isEqualTo("not-found");
		assertThat(api().get("/admin/v1/customers").send().status()).isEqualTo(401);
	}

	private UUID upsert(String phone, String name) {
		return asTenant(() -> customers.findOrCreateForCheckout(phone, name, null, false, "Kilimani", null, null))
			.customerId();
	}

	private void tag(UUID id, List<String> tags) {
		Response response = api().put("/admin/v1/customers/" + id + "/tags")
			.bearer(t.ownerToken())
			.body(Map.of("tags", tags))
			.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
	}

	private JsonNode detail(UUID id) {
		Response response = api().get("/admin/v1/customers/" + id).bearer(t.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private List<String> ids(String path) {
		Response response = api().get(path).bearer(t.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		response.json().path("items").forEach(n -> ids.add(n.path("id").asString()));
		return ids;
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach(n -> values.add(n.asString()));
		return values;
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

	private <T> T asTenant(Supplier<T> work) {
		return TenantContext.callAs(TenantId.of(t.id()), work);
	}

	private void run(Runnable work) {
		TenantContext.runAs(TenantId.of(t.id()), work);
	}

}
