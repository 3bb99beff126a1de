package io.sokoni.platform.cart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Hashes;
import io.sokoni.platform.cart.CartApi.CartState;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantBindingTransactionManager;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.DefaultTransactionAttribute;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class CartIT extends ApiTestBase {

	private TestTenant t;

	private CatalogFixtures catalog;

	private CartApi carts;

	private UUID productId;

	private UUID shirt;

	private UUID cap;

	@BeforeEach
	void storeWithStock() {
		t = fixtures().tenant();
		catalog = new CatalogFixtures(t);
		CatalogFixtures.Product p = catalog.product().name("Kikoi shirt").variant(1500, 10).variant(2500, 3);
		productId = p.persist();
		shirt = p.variantIds.get(0);
		cap = p.variantIds.get(1);
		carts = new CartApi(api(), t.host());
	}

	@Test
	void aCartIsCreatedWithAnUnguessableTokenOfWhichOnlyTheHashIsKept() {
		Response created = api().post("/storefront/v1/carts").host(t.host()).body(Map.of("channel", "whatsapp")).send();

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.header("Cache-Control")).isEqualTo("no-store");
		String token = created.json().path("token").asString();
		assertThat(token).matches("[A-Za-z0-9_-]{43}");
		JsonNode cart = created.json().path("cart");
		assertThat(cart.path("status").asString()).isEqualTo("open");
		assertThat(cart.path("channel").asString()).isEqualTo("whatsapp");
		assertThat(cart.path("currency").asString()).isEqualTo("KES");
		assertThat(cart.path("items").size()).isZero();
		assertThat(cart.path("subtotalCents").asLong()).isZero();
		assertThat(OffsetDateTime.parse(cart.path("expiresAt").asString()))
			.isCloseTo(OffsetDateTime.now().plusDays(7), within(1, ChronoUnit.MINUTES));

		assertThat(TenantSql.<Object>call(t.id(), jdbc -> jdbc.queryForObject(
				"select count(*) from app.carts where token_hash = ? and channel = 'whatsapp'", Integer.class,
				Hashes.sha256Hex(token)))).isEqualTo(1);
		assertThat(TenantSql.<Object>call(t.id(), jdbc -> jdbc.queryForObject(
				"select count(*) from app.carts c where c::text like '%' || ? || '%'", Integer.class, token))).isEqualTo(0);
		assertThat(carts.create()).isNotEqualTo(token);
		assertThat(carts.get(token).json().path("channel").asString()).isEqualTo("whatsapp");
	}

	@Test
	void itemsAreAddedChangedAndRemovedWithTotalsAtCurrentPrices() {
		String token = carts.create();
		carts.added(token, shirt, 2);
		carts.added(token, cap, 1);
		JsonNode cart = carts.added(token, shirt, 1).json();

		assertThat(cart.path("items").size()).isEqualTo(2);
		JsonNode line = cart.path("items").get(0);
		assertThat(line.path("variantId").asString()).isEqualTo(shirt.toString());
		assertThat(line.path("productId").asString()).isEqualTo(productId.toString());
		assertThat(line.path("productName").asString()).isEqualTo("Kikoi shirt");
		assertThat(line.path("variantName").asString()).isEqualTo("Variant 0");
		assertThat(line.path("sku").asString()).startsWith("SKU-");
		assertThat(line.path("quantity").asInt()).as("the second add went to the same line").isEqualTo(3);
		assertThat(line.path("unitPriceCents").asLong()).isEqualTo(1500);
		assertThat(line.path("lineTotalCents").asLong()).isEqualTo(4500);
		assertThat(line.path("available").asBoolean()).isTrue();
		assertThat(line.path("availableQuantity").asInt()).isEqualTo(10);
		assertThat(cart.path("itemCount").asInt()).isEqualTo(4);
		assertThat(cart.path("subtotalCents").asLong()).isEqualTo(4500 + 2500);

		Response changed = carts.change(token, shirt, 1);
		assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
		assertThat(changed.json().path("subtotalCents").asLong()).isEqualTo(1500 + 2500);

		Response removed = carts.remove(token, cap);
		assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
		assertThat(removed.json().path("items").size()).isEqualTo(1);
		assertThat(removed.json().path("subtotalCents").asLong()).isEqualTo(1500);

		Response zero = carts.change(token, shirt, 0);
		assertThat(zero.status()).as(zero.toString()).isEqualTo(200);
		assertThat(zero.json().path("items").size()).isZero();
		assertThat(CartApi.state(t.id(), token).items()).isZero();
	}

	@Test
	void theCartShowsTodaysPriceAndAvailability() {
		String token = carts.create();
		carts.added(token, shirt, 4);
		TenantSql.run(t.id(), jdbc -> {
			jdbc.update("update app.product_variants set price_cents = 1800 where id = ?", shirt);
			jdbc.update("update app.inventory_levels set reserved = 8 where variant_id = ?", shirt);
		});

		JsonNode line = carts.get(token).json().path("items").get(0);
		assertThat(line.path("unitPriceCents").asLong()).isEqualTo(1800);
		assertThat(line.path("priceChanged").asBoolean()).isTrue();
		assertThat(line.path("available").asBoolean()).isFalse();
		assertThat(line.path("availableQuantity").asInt()).isEqualTo(2);
		assertThat(carts.get(token).json().path("subtotalCents").asLong()).isEqualTo(7200);

		catalog.setStatus(productId, "archived");
		line = carts.get(token).json().path("items").get(0);
		assertThat(line.path("available").asBoolean()).isFalse();
		assertThat(line.path("availableQuantity").asInt()).isZero();
	}

	@Test
	void everyChangeBumpsVersionAndActivityAndPushesExpiryOut() {
		String token = carts.create();
		CartApi.updateCart(t.id(), token,
				"last_activity_at = now() - interval '3 days', expires_at = now() + interval '4 days'");
		CartState before = CartApi.state(t.id(), token);

		JsonNode cart = carts.added(token, shirt, 1).json();

		CartState after = CartApi.state(t.id(), token);
		assertThat(after.version()).isEqualTo(before.version() + 1);
		assertThat(cart.path("version").asLong()).isEqualTo(after.version());
		assertThat(after.lastActivityAt()).isCloseTo(OffsetDateTime.now(), within(1, ChronoUnit.MINUTES));
		assertThat(after.expiresAt()).isCloseTo(OffsetDateTime.now().plusDays(7), within(1, ChronoUnit.MINUTES));
		assertThat(carts.get(token).status()).isEqualTo(200);
		assertThat(CartApi.state(t.id(), token).version()).as("a read is not a change").isEqualTo(after.version());
	}

	@Test
	void badQuantitiesAndBodiesAre400AndChangeNothing() {
		String token = carts.create();
		carts.added(token, shirt, 2);
		String items = CartApi.path(token) + "/items";
		for (Object body : List.of(Map.of("variantId", shirt, "quantity", 0), Map.of("variantId", shirt, "quantity", -1),
				Map.of("variantId", shirt, "quantity", 1001), Map.of("quantity", 1),
				Map.of("variantId", "not-a-uuid", "quantity", 1), Map.of("variantId", shirt))) {
			Response response = carts.call("POST", items).body(body).send();
			assertThat(response.status()).as(body + " -> " + response).isEqualTo(400);
		}
		assertThat(carts.call("POST", items).raw("{\"variantId\":").send().status()).isEqualTo(400);
		assertThat(carts.call("PATCH", items + "/" + shirt).body(Map.of("quantity", 1001)).send().status())
			.isEqualTo(400);
		assertThat(carts.call("PATCH", items + "/" + shirt).body(Map.of("quantity", -1)).send().status())
			.isEqualTo(400);
		assertThat(carts.call("PATCH", items + "/nope").body(Map.of("quantity", 1)).send().status()).isEqualTo(400);
		assertThat(api().post("/storefront/v1/carts").host(t.host()).body(Map.of("channel", "sms")).send().status())
			.isEqualTo(400);
		assertThat(carts.call("PUT", CartApi.path(token) + "/coupon").body(Map.of("code", "x")).send().status())
			.isEqualTo(400);
		assertThat(carts.call("PUT", CartApi.path(token) + "/delivery-area").body(Map.of("cityArea", " ")).send()
			.status()).isEqualTo(400);
		assertThat(carts.call("POST", CartApi.path(token) + "/abandonment-reason").body(Map.of("reason", "boredom"))
			.send()
			.status()).isEqualTo(400);

		CartState state = CartApi.state(t.id(), token);
		assertThat(state.quantity()).isEqualTo(2);
		assertThat(state.version()).isEqualTo(1);
	}

	@Test
	void unknownCartsItemsAndVariantsAre404() {
		String token = carts.create();
		assertNotFound(carts.get("A".repeat(43)));
		assertNotFound(carts.get("short"));
		assertNotFound(carts.add("B".repeat(43), shirt, 1));
		assertNotFound(carts.add(token, UUID.randomUUID(), 1));
		assertNotFound(carts.change(token, shirt, 2));
		assertNotFound(carts.change(token, shirt, 0));
		assertNotFound(carts.remove(token, shirt));
		assertThat(CartApi.state(t.id(), token).version()).isZero();
	}

	@Test
	void aVariantOfAnotherStoreOfTheTenantIs404AndOneNotForSaleIs422() {
		UUID otherStore = catalog.otherStore();
		CatalogFixtures.Product elsewhere = catalog.product().store(otherStore).variant(100, 5);
		elsewhere.persist();
		CatalogFixtures.Product draft = catalog.product().status("draft").variant(100, 5);
		draft.persist();
		CatalogFixtures.Product inactive = catalog.product().variant(100, 5, 0, false);
		inactive.persist();
		String token = carts.create();

		assertNotFound(carts.add(token, elsewhere.variantIds.get(0), 1));
		for (UUID notForSale : List.of(draft.variantIds.get(0), inactive.variantIds.get(0))) {
			Response response = carts.add(token, notForSale, 1);
			assertThat(response.status()).as(response.toString()).isEqualTo(422);
			assertThat(response.problemType()).isEqualTo("business-rule");
			assertThat(response.json().path("detail").asString()).contains("not for sale");
		}
		assertThat(CartApi.state(t.id(), token).items()).isZero();
	}

	@Test
	void moreThanTheAvailableStockIs409WithTheAvailableQuantity() {
		UUID otherLocation = catalog.location("closed", "inactive");
		catalog.stock(cap, otherLocation, 50, 0);
		TenantSql.run(t.id(), jdbc -> jdbc.update("update app.inventory_levels set reserved = 1 where variant_id = ?"
				+ " and location_id <> ?", cap, otherLocation));
		String token = carts.create();

		Response tooMany = carts.add(token, cap, 3);
		assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(409);
		assertThat(tooMany.problemType()).isEqualTo("insufficient-stock");
		assertThat(tooMany.json().path("availableQuantity").asInt())
			.as("3 on hand, 1 reserved; the inactive location does not count")
			.isEqualTo(2);

		carts.added(token, cap, 2);
		Response oneMore = carts.add(token, cap, 1);
		assertThat(oneMore.status()).as("the cart already holds all there is").isEqualTo(409);
		assertThat(oneMore.json().path("inCart").asInt()).isEqualTo(2);
		Response change = carts.change(token, cap, 3);
		assertThat(change.status()).isEqualTo(409);
		assertThat(change.json().path("availableQuantity").asInt()).isEqualTo(2);
		assertThat(carts.change(token, cap, 1).status()).isEqualTo(200);
		assertThat(CartApi.state(t.id(), token).quantity()).isEqualTo(1);
	}

	@Test
	void aCartHoldsAtMostAThousandOfOneItem() {
		catalog.stock(shirt, catalog.location(), 5000, 0);
		String token = carts.create();
		carts.added(token, shirt, 1000);
		Response over = carts.add(token, shirt, 1);
		assertThat(over.status()).as(over.toString()).isEqualTo(422);
		assertThat(CartApi.state(t.id(), token).quantity()).isEqualTo(1000);
	}

	@Test
	void anExpiredCartIs410ForEveryOperation() {
		String token = carts.create();
		carts.added(token, shirt, 1);
		CartApi.updateCart(t.id(), token, "expires_at = now() - interval '1 second'");
		CartState before = CartApi.state(t.id(), token);

		for (Response response : everyOperation(token)) {
			assertThat(response.status()).as(response.toString()).isEqualTo(410);
			assertThat(response.problemType()).isEqualTo("cart-expired");
		}
		assertThat(CartApi.state(t.id(), token)).isEqualTo(before);
	}

	@Test
	void aConvertedCartIs409ForEveryOperation() {
		String token = carts.create();
		carts.added(token, shirt, 1);
		CartApi.updateCart(t.id(), token, "status = 'converted', converted_at = now()");
		CartState before = CartApi.state(t.id(), token);

		for (Response response : everyOperation(token)) {
			assertThat(response.status()).as(response.toString()).isEqualTo(409);
			assertThat(response.problemType()).isEqualTo("conflict");
		}
		assertThat(CartApi.state(t.id(), token)).isEqualTo(before);
	}

	@Test
	void couponAndDeliveryAreaAreKeptOnTheCart() {
		String token = carts.create();
		Response coupon = carts.call("PUT", CartApi.path(token) + "/coupon").body(Map.of("code", "karibu-10")).send();
		assertThat(coupon.status()).as(coupon.toString()).isEqualTo(200);
		assertThat(coupon.json().path("couponCode").asString()).isEqualTo("KARIBU-10");
		Response area = carts.call("PUT", CartApi.path(token) + "/delivery-area")
			.body(Map.of("cityArea", " Kilimani "))
			.send();
		assertThat(area.status()).as(area.toString()).isEqualTo(200);
		assertThat(area.json().path("cityArea").asString()).isEqualTo("Kilimani");
		assertThat(CartApi.state(t.id(), token).couponCode()).isEqualTo("KARIBU-10");

		Response removed = carts.call("DELETE", CartApi.path(token) + "/coupon").send();
		assertThat(removed.status()).isEqualTo(200);
		assertThat(removed.json().path("couponCode").isNull()).isTrue();
		CartState state = CartApi.state(t.id(), token);
		assertThat(state.couponCode()).isNull();
		assertThat(state.cityArea()).isEqualTo("Kilimani");
		assertThat(state.version()).isEqualTo(3);
	}

	@Test
	void anAbandonmentReasonIsRecorded() {
		String token = carts.create();
		Response response = carts.call("POST", CartApi.path(token) + "/abandonment-reason")
			.body(Map.of("reason", "delivery_cost", "note", "Too much for Rongai"))
			.send();
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
		assertThat(response.json().path("reason").asString()).isEqualTo("delivery_cost");
		assertThat(TenantSql.<Object>call(t.id(), jdbc -> jdbc.queryForObject("""
				select r.note from app.checkout_abandonment_reasons r join app.carts c on c.id = r.cart_id
				where c.token_hash = ? and r.reason = 'delivery_cost'""", String.class, Hashes.sha256Hex(token))))
			.isEqualTo("Too much for Rongai");
	}

	@Test
	void checkoutLocksTheCartWithItsItemsAtCurrentPrices() {
		UUID category = catalog.category("Shirts", "shirts-" + UUID.randomUUID().toString().substring(0, 6), null);
		CatalogFixtures.Product p = catalog.product().name("Linen").category(category).variant(999, 5);
		p.persist();
		String token = carts.create();
		carts.added(token, p.variantIds.get(0), 2);
		carts.added(token, shirt, 1);
		carts.call("PUT", CartApi.path(token) + "/coupon").body(Map.of("code", "SAVE10")).send();
		TenantSql.run(t.id(), jdbc -> jdbc.update("update app.product_variants set price_cents = 1111 where id = ?",
				p.variantIds.get(0)));
		CartService service = context.getBean(CartService.class);

		CheckoutCart cart = asTenant(() -> service.lockForCheckout(t.storeId(), token));

		assertThat(cart.storeId()).isEqualTo(t.storeId());
		assertThat(cart.currency()).isEqualTo("KES");
		assertThat(cart.couponCode()).isEqualTo("SAVE10");
		assertThat(cart.items()).hasSize(2);
		CheckoutCart.Item linen = cart.items().get(0);
		assertThat(linen.productName()).isEqualTo("Linen");
		assertThat(linen.categoryId()).isEqualTo(category);
		assertThat(linen.unitPriceCents()).isEqualTo(1111);
		assertThat(linen.quantity()).isEqualTo(2);
		assertThat(cart.subtotalCents()).isEqualTo(2 * 1111 + 1500);

		UUID customer = UUID.randomUUID();
		TenantSql.run(t.id(), jdbc -> jdbc.update(
				"insert into app.customers (tenant_id, id, phone, name) values (?, ?, '+254712000111', 'Wanjiru')", t.id(),
				customer));
		asTenant(() -> {
			service.markConverted(cart.id(), customer);
			return null;
		});
		CartState converted = CartApi.state(t.id(), token);
		assertThat(converted.status()).isEqualTo("converted");
		assertProblem(() -> service.lockForCheckout(t.storeId(), token), ProblemType.CONFLICT);
		assertProblem(() -> {
			service.markConverted(cart.id(), customer);
			return null;
		}, ProblemType.CONFLICT);
	}

	@Test
	void checkoutRefusesEmptyExpiredUnknownAndUnsellableCarts() {
		CartService service = context.getBean(CartService.class);
		String empty = carts.create();
		assertProblem(() -> service.lockForCheckout(t.storeId(), empty), ProblemType.BUSINESS_RULE);
		assertProblem(() -> service.lockForCheckout(t.storeId(), "C".repeat(43)), ProblemType.NOT_FOUND);
		assertProblem(() -> service.lockForCheckout(catalog.otherStore(), empty), ProblemType.NOT_FOUND);

		String token = carts.create();
		carts.added(token, shirt, 1);
		catalog.setStatus(productId, "draft");
		ApiException draft = assertProblem(() -> service.lockForCheckout(t.storeId(), token), ProblemType.BUSINESS_RULE);
		assertThat(draft.getMessage()).contains("Kikoi shirt (Variant 0)");

		catalog.setStatus(productId, "active");
		CartApi.updateCart(t.id(), token, "status = 'abandoned', abandoned_at = now()");
		assertThat(asTenant(() -> service.lockForCheckout(t.storeId(), token)).items())
			.as("an abandoned cart can still be checked out")
			.hasSize(1);
		CartApi.updateCart(t.id(), token, "expires_at = now() - interval '1 minute'");
		assertProblem(() -> service.lockForCheckout(t.storeId(), token), ProblemType.CART_EXPIRED);
	}

	@Test
	void aValidQuoteIsTheLatestUnexpiredOneForTheAreaAndSubtotal() {
		String token = carts.create();
		UUID cartId = CartApi.state(t.id(), token).id();
		UUID zone = UUID.randomUUID();
		TenantSql.run(t.id(), jdbc -> {
			jdbc.update("""
					insert into app.delivery_zones (tenant_id, id, store_id, name, fee_cents, min_order_cents, eta_minutes)
					values (?, ?, ?, 'Westlands zone', 20000, 50000, 90)""", t.id(), zone, t.storeId());
			String quote = """
					insert into app.delivery_quotes (tenant_id, id, cart_id, zone_id, city_area, subtotal_cents,
					    fee_cents, eta_minutes, rule_applied, expires_at, created_at)
					values (?, gen_random_uuid(), ?, ?, ?, ?, ?, 90, 'zone_fee', now() + ?::interval, now() + ?::interval)""";
			jdbc.update(quote, t.id(), cartId, zone, "Westlands", 100000, 20000, "15 minutes", "-2 minutes");
			jdbc.update(quote, t.id(), cartId, zone, "westlands ", 100000, 25000, "15 minutes", "-1 minutes");
			jdbc.update(quote, t.id(), cartId, zone, "Westlands", 100000, 30000, "-1 minutes", "0 minutes");
		});
		CartService service = context.getBean(CartService.class);

		var quote = asTenant(() -> service.validQuote(cartId, "WESTLANDS", 100000)).orElseThrow();
		assertThat(quote.feeCents()).as("the latest unexpired one").isEqualTo(25000);
		assertThat(quote.zoneName()).isEqualTo("Westlands zone");
		assertThat(quote.minOrderCents()).isEqualTo(50000);
		assertThat(quote.etaMinutes()).isEqualTo(90);
		assertThat(asTenant(() -> service.validQuote(cartId, "Westlands", 100001))).isEmpty();
		assertThat(asTenant(() -> service.validQuote(cartId, "Kilimani", 100000))).isEmpty();
	}

	private List<Response> everyOperation(String token) {
		String path = CartApi.path(token);
		return List.of(carts.get(token), carts.add(token, shirt, 1), carts.change(token, shirt, 2),
				carts.remove(token, shirt),
				carts.call("PUT", path + "/coupon").body(Map.of("code", "SAVE10")).send(),
				carts.call("DELETE", path + "/coupon").send(),
				carts.call("PUT", path + "/delivery-area").body(Map.of("cityArea", "Kilimani")).send(),
				carts.call("POST", path + "/delivery-quote").body(Map.of("cityArea", "Kilimani")).send(),
				carts.call("POST", path + "/abandonment-reason").body(Map.of("reason", "other")).send());
	}

	private <T> T asTenant(java.util.function.Supplier<T> work) {
		return TenantContext.callAs(TenantId.of(t.id()), work);
	}

	private ApiException assertProblem(java.util.function.Supplier<?> work, ProblemType type) {
		Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> asTenant(work));
		assertThat(thrown).isInstanceOf(ApiException.class);
		assertThat(((ApiException) thrown).type()).as(thrown.getMessage()).isEqualTo(type);
		return (ApiException) thrown;
	}

	private static void assertNotFound(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(404);
		assertThat(response.problemType()).isEqualTo("not-found");
	}


	/**
	 * Cart edits commit without waiting for the disk (their transactions carry the label the tenant
	 * binding reads); that must end with their transaction, or a pooled connection would carry it into
	 * the next one, a checkout's included.
	 */
	private static final org.jooq.Field<String> SYNCHRONOUS_COMMIT = org.jooq.impl.DSL
		.field("current_setting('synchronous_commit')", String.class);

	@Test
	void cartEditsCommitWithoutWaitingForDiskAndNothingElseDoes() throws NoSuchMethodException {
		DSLContext dsl = context.getBean(DSLContext.class);
		PlatformTransactionManager transactions = context.getBean(PlatformTransactionManager.class);
		TransactionTemplate tx = new TransactionTemplate(transactions);

		String during = TenantContext.callAs(TenantId.of(t.id()), () -> {
			TransactionStatus status = transactions.getTransaction(labelledRelaxed());
			String setting = dsl.fetchValue(SYNCHRONOUS_COMMIT);
			transactions.commit(status);
			return setting;
		});
		List<String> after = java.util.stream.IntStream.range(0, 20).mapToObj(i -> synchronousCommitIn(tx)).toList();

		assertThat(during).isEqualTo("off");
		assertThat(after).containsOnly("on");
		for (String edit : List.of("addItem", "changeQuantity", "removeItem")) {
			java.lang.reflect.Method method = java.util.Arrays.stream(CartService.class.getMethods())
				.filter(m -> m.getName().equals(edit))
				.findFirst()
				.orElseThrow(() -> new NoSuchMethodException(edit));
			assertThat(method.getAnnotation(Transactional.class).label()).as(edit)
				.containsExactly(TenantBindingTransactionManager.RELAXED_COMMIT);
		}
		assertThat(CartService.class.getMethod("lockForCheckout", UUID.class, String.class)
			.getAnnotation(Transactional.class)
			.label()).isEmpty();
	}

	@Test
	void theRelaxedCommitTemplateCommitsWithoutWaitingForDiskWhereAPlainTemplateCannot() throws Exception {
		PlatformTransactionManager transactions = context.getBean(PlatformTransactionManager.class);

		String relaxed = synchronousCommitIn(new TenantBindingTransactionManager.RelaxedCommitTemplate(transactions));
		String copied = synchronousCommitIn(new TransactionTemplate(transactions, labelledRelaxed()));

		assertThat(relaxed).isEqualTo("off");
		assertThat(copied).as("a TransactionTemplate copies a definition without its labels").isEqualTo("on");
		// The WhatsApp worker's work, redone from deliveries stored durably before, uses it.
		Object recorder = context.getBean(Class.forName("io.sokoni.platform.whatsapp.inbound.InboundRecorder"));
		java.lang.reflect.Field tx = recorder.getClass().getDeclaredField("tx");
		tx.setAccessible(true);
		assertThat(tx.get(recorder)).isInstanceOf(TenantBindingTransactionManager.RelaxedCommitTemplate.class);
	}

	/** A definition labelled relaxed, as {@code @Transactional(label = ...)} hands it to the transaction manager. */
	private static DefaultTransactionAttribute labelledRelaxed() {
		DefaultTransactionAttribute relaxed = new DefaultTransactionAttribute();
		relaxed.setLabels(List.of(TenantBindingTransactionManager.RELAXED_COMMIT));
		return relaxed;
	}

	/** {@code synchronous_commit} inside one transaction of the template, bound to the test's tenant. */
	private String synchronousCommitIn(TransactionTemplate tx) {
		DSLContext dsl = context.getBean(DSLContext.class);
		return TenantContext.callAs(TenantId.of(t.id()), () -> tx.execute(s -> dsl.fetchValue(SYNCHRONOUS_COMMIT)));
	}

}
