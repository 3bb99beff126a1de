package io.sokoni.platform.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.meilisearch.sdk.Client;
import com.meilisearch.sdk.Config;
import com.meilisearch.sdk.model.Key;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.sokoni.platform.search.ProductSearch.Hit;
import io.sokoni.platform.search.ProductSearch.Query;
import io.sokoni.platform.search.ProductSearch.Sort;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.CatalogFixtures;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.MeilisearchStandIn;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Search never crosses tenants, with either backend: PostgreSQL (row level security plus the explicit
 * tenant, store and status predicates) and Meilisearch (the scope every request carries, and the rule
 * of every tenant token). Meilisearch is the wire-level stand-in here; a real container when Docker is
 * present.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SearchIsolationIT extends ApiTestBase {

	static final MeilisearchStandIn MEILISEARCH = new MeilisearchStandIn();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void meilisearch(DynamicPropertyRegistry registry) {
		MEILISEARCH.register(registry);
		registry.add("sokoni.search.meilisearch.public-url", () -> "https://search.sokoni.test");
		registry.add("sokoni.search.meilisearch.token-ttl", () -> "15m");
		// No silent fallback: every search below must really go to Meilisearch.
		registry.add("sokoni.search.fallback", () -> "unavailable");
		registry.add("sokoni.catalog.storefront-cache-ttl", () -> "1ms");
		registry.add("sokoni.db.pool-size", () -> "4");
	}

	@Test
	void postgresSearchOfOneTenantNeverFindsAnothersProducts() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		CatalogFixtures catalogA = new CatalogFixtures(a);
		catalogA.product().name("Kettle A").persist();
		catalogA.product().name("Kettle A draft").status("draft").persist();
		UUID otherStoreOfA = catalogA.otherStore();
		catalogA.product().name("Kettle A other store").store(otherStoreOfA).persist();
		new CatalogFixtures(b).product().name("Kettle B").persist();
		PostgresProductSearch postgres = new PostgresProductSearch(context.getBean(SearchRepository.class),
				context.getBean(PlatformTransactionManager.class));

		assertThat(names(TenantContext.callAs(TenantId.of(a.id()), () -> postgres.search(query(a.storeId())))))
			.containsExactly("Kettle A");
		assertThat(names(TenantContext.callAs(TenantId.of(b.id()), () -> postgres.search(query(b.storeId())))))
			.containsExactly("Kettle B");
		assertThat(names(TenantContext.callAs(TenantId.of(a.id()), () -> postgres.search(query(b.storeId())))))
			.as("tenant A asking for B's store: row level security hides it").isEmpty();
		assertThat(names(TenantContext.callAs(TenantId.of(a.id()), () -> postgres.search(query(otherStoreOfA)))))
			.containsExactly("Kettle A other store");
		assertThatThrownBy(() -> postgres.search(query(a.storeId()))).as("no tenant bound")
			.isInstanceOf(TenantContext.NoTenantBoundException.class);
	}

	@Test
	void everyMeilisearchSearchCarriesTheHostsTenantStoreAndActiveStatus() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		UUID shoes = new CatalogFixtures(a).category("Shoes", "shoes", null);
		List<String> attempts = List.of("q=kettle", "q=kettle&categorySlug=shoes&minPrice=100&maxPrice=900&inStock=true",
				"q=kettle&sort=price_desc&page=2&size=5",
				"q=" + encode("x\" OR tenant_id = \"" + b.id() + "\""),
				"q=" + encode("kettle') OR status = draft"));

		MEILISEARCH.resetRequests();
		for (String query : attempts) {
			Response response = api().get("/storefront/v1/search?" + query).host(a.host()).send();
			assertThat(response.status()).as(query + " -> " + response).isEqualTo(200);
		}
		List<JsonNode> searchesOfA = MEILISEARCH.searches();
		assertThat(searchesOfA).hasSize(attempts.size());
		for (JsonNode body : searchesOfA) {
			List<String> filter = new ArrayList<>();
			body.path("filter").forEach(clause -> filter.add(clause.asString()));
			assertThat(filter).as(body.toString())
				.startsWith("tenant_id = \"" + a.id() + "\"", "store_id = \"" + a.storeId() + "\"", "status = \"active\"");
			assertThat(String.join(" ", filter)).doesNotContain(b.id().toString()).doesNotContain("draft");
			assertThat(body.path("q").asString()).as("the shopper's text only ever goes in q").isNotEmpty();
		}
		JsonNode filtered = searchesOfA.get(1);
		assertThat(filtered.path("filter").toString()).contains("category_ids IN [\\\"" + shoes + "\\\"]",
				"price_cents >= 100", "price_cents <= 900", "in_stock = true");
		assertThat(searchesOfA.get(2).path("sort").path(0).asString()).isEqualTo("price_cents:desc");
		assertThat(searchesOfA.get(2).path("page").asInt()).isEqualTo(2);
		assertThat(searchesOfA.get(2).path("hitsPerPage").asInt()).isEqualTo(5);

		MEILISEARCH.resetRequests();
		api().get("/storefront/v1/search?q=kettle").host(b.host()).send();
		assertThat(MEILISEARCH.searches()).singleElement()
			.satisfies(body -> assertThat(body.path("filter").path(0).asString())
				.isEqualTo("tenant_id = \"" + b.id() + "\""));
	}

	@Test
	void meilisearchHitsAreReturnedAsProductSummaries() {
		TestTenant a = fixtures().tenant();
		UUID id = UUID.randomUUID();
		MEILISEARCH.searchReturns("""
				[{"id": "%s", "tenant_id": "%s", "store_id": "%s", "status": "active", "name": "Kettle", "slug": "kettle",
				  "brand": null, "price_cents": 2500, "currency": "KES", "in_stock": true,
				  "image_url": "https://img.example/k.jpg", "category_id": null, "created_at": 1764064800000}]"""
			.formatted(id, a.id(), a.storeId()), 41);
		try {
			Response response = api().get("/storefront/v1/search?q=kettle&size=1").host(a.host()).send();
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			JsonNode item = response.json().path("items").path(0);
			assertThat(item.path("id").asString()).isEqualTo(id.toString());
			assertThat(item.path("priceCents").asLong()).isEqualTo(2500);
			assertThat(item.path("inStock").asBoolean()).isTrue();
			assertThat(item.path("brand").isNull()).isTrue();
			assertThat(response.json().path("total").asLong()).isEqualTo(41);
		}
		finally {
			MEILISEARCH.searchReturns("[]", 0);
		}
	}

	@Test
	void aHitOutsideTheSearchScopeIsNeverShown() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		UUID own = UUID.randomUUID();
		String hit = """
				{"id": "%s", "tenant_id": "%s", "store_id": "%s", "status": "active", "name": "%s", "slug": "%s",
				 "price_cents": 100, "currency": "KES", "in_stock": true}""";
		// An index that ignored the filter: A's search gets B's document and a document of another store of A.
		MEILISEARCH.searchReturns("[" + hit.formatted(own, a.id(), a.storeId(), "Own kettle", "own-kettle") + ", "
				+ hit.formatted(UUID.randomUUID(), b.id(), b.storeId(), "Foreign kettle", "foreign-kettle") + ", "
				+ hit.formatted(UUID.randomUUID(), a.id(), UUID.randomUUID(), "Other store kettle", "other-kettle")
				+ "]", 3);
		try {
			Response response = api().get("/storefront/v1/search?q=kettle").host(a.host()).send();
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			List<String> names = new ArrayList<>();
			response.json().path("items").forEach(item -> names.add(item.path("name").asString()));
			assertThat(names).containsExactly("Own kettle");
		}
		finally {
			MEILISEARCH.searchReturns("[]", 0);
		}
	}

	@Test
	void tenantTokensAreScopedToTheHostsTenantStoreAndActiveProducts() throws Exception {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		for (TestTenant t : List.of(a, b)) {
			Instant before = Instant.now();
			Response response = api().post("/storefront/v1/search/token").host(t.host()).send();
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			assertThat(response.header("Cache-Control")).contains("no-store");
			assertThat(response.json().path("host").asString()).isEqualTo("https://search.sokoni.test");
			assertThat(response.json().path("indexUid").asString()).isEqualTo("products");

			SignedJWT jwt = SignedJWT.parse(response.json().path("token").asString());
			assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
			assertThat(jwt.verify(new MACVerifier(MeilisearchStandIn.SEARCH_KEY.getBytes(StandardCharsets.UTF_8))))
				.as("signed with the search key").isTrue();
			Map<String, Object> claims = jwt.getJWTClaimsSet().getClaims();
			assertThat(claims).containsOnlyKeys("searchRules", "apiKeyUid", "exp");
			assertThat(claims.get("apiKeyUid")).isEqualTo(MeilisearchStandIn.SEARCH_KEY_UID);
			assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
				.isAfter(before.plus(Duration.ofMinutes(14)))
				.isBefore(before.plus(Duration.ofMinutes(16)));
			JsonNode rules = JSON.readTree(JSON.writeValueAsString(claims.get("searchRules")));
			assertThat(rules.propertyNames()).containsExactly("products");
			assertThat(rules.path("products").path("filter").asString()).isEqualTo("tenant_id = \"" + t.id()
					+ "\" AND store_id = \"" + t.storeId() + "\" AND status = \"active\"");
		}
		assertThat(api().post("/storefront/v1/search/token").host("nobody.sokoni.test").send().status())
			.isEqualTo(404);
	}

	/**
	 * The same guarantees against a real Meilisearch (skipped without Docker): documents of two tenants
	 * in one index, a search bound to A and a tenant token of A only ever return A's active products.
	 */
	@Test
	void realMeilisearchNeverReturnsAnotherTenantsDocuments() throws Exception {
		assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "no Docker: real Meilisearch test skipped");
		String masterKey = "sokoni-test-master-key-0123456789";
		try (GenericContainer<?> container = new GenericContainer<>("getmeili/meilisearch:v1.12")
			.withEnv("MEILI_MASTER_KEY", masterKey)
			.withEnv("MEILI_NO_ANALYTICS", "true")
			.withExposedPorts(7700)
			.waitingFor(Wait.forHttp("/health").forStatusCode(200))) {
			container.start();
			String url = "http://" + container.getHost() + ":" + container.getMappedPort(7700);
			Key searchKey = searchKey(url, masterKey);
			SearchProperties.Meilisearch props = new SearchProperties.Meilisearch(url, masterKey, searchKey.getKey(),
					searchKey.getUid(), null, "products", Duration.ofMinutes(5), Duration.ofSeconds(30), 500);
			MeilisearchClient client = new MeilisearchClient(props);
			client.ensureIndex();
			TenantId a = TenantId.of(UUID.randomUUID());
			TenantId b = TenantId.of(UUID.randomUUID());
			UUID store = UUID.randomUUID();
			client.upsert(List.of(doc(a, store, "Kettle of A", "active"), doc(a, store, "Kettle of A draft", "draft"),
					doc(b, store, "Kettle of B", "active")));

			MeilisearchProductSearch search = new MeilisearchProductSearch(client, null, SearchProperties.Fallback.UNAVAILABLE);
			assertThat(names(TenantContext.callAs(a, () -> search.search(query(store))))).containsExactly("Kettle of A");
			assertThat(names(TenantContext.callAs(b, () -> search.search(query(store))))).containsExactly("Kettle of B");

			String token = TenantContext.callAs(a, () -> new SearchTokenService(props, java.time.Clock.systemUTC()).issue(store))
				.token();
			HttpResponse<String> direct = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(url + "/indexes/products/search"))
					.header("Authorization", "Bearer " + token)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"q\": \"kettle\", \"filter\": \"status = draft OR status = active\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(direct.statusCode()).as(direct.body()).isEqualTo(200);
			List<String> names = new ArrayList<>();
			JSON.readTree(direct.body()).path("hits").forEach(h -> names.add(h.path("name").asString()));
			assertThat(names).containsExactly("Kettle of A");
		}
	}

	private static Key searchKey(String url, String masterKey) {
		for (Key key : new Client(new Config(url, masterKey)).getKeys().getResults()) {
			if ("Default Search API Key".equals(key.getName())) {
				return key;
			}
		}
		throw new AssertionError("Meilisearch has no default search key");
	}

	private static ProductDocument doc(TenantId tenant, UUID store, String name, String status) {
		return new ProductDocument(UUID.randomUUID(), tenant.value(), store, status, name,
				"slug-" + UUID.randomUUID().toString().substring(0, 8), null, null, null, List.of(), List.of(),
				List.of(), 1000, "KES", true, null, System.currentTimeMillis());
	}

	private static Query query(UUID storeId) {
		return new Query(storeId, "kettle", null, null, null, false, Sort.NAME, 1, 20);
	}

	private static List<String> names(ProductSearch.Results results) {
		return results.hits().stream().map(Hit::name).toList();
	}

	private static String encode(String text) {
		return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
