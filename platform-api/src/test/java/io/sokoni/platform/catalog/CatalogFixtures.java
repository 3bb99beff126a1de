package io.sokoni.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Fixtures.TestTenant;
import tools.jackson.databind.JsonNode;

/** Categories and products through the admin API: unique slugs and SKUs, defaults overridable. */
final class CatalogFixtures {

	private final Api api;

	CatalogFixtures(Api api) {
		this.api = api;
	}

	static String unique(String prefix) {
		return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
	}

	/** A valid create-product body for the tenant's store: KES, one variant. */
	static Map<String, Object> product(TestTenant tenant) {
		Map<String, Object> variant = new LinkedHashMap<>(Map.of("sku", unique("SKU-").toUpperCase(), "priceCents",
				150000, "attributes", Map.of("size", "M")));
		Map<String, Object> product = new LinkedHashMap<>();
		product.put("storeId", tenant.storeId().toString());
		product.put("name", "Kikoy beach towel");
		product.put("slug", unique("p-"));
		product.put("currency", "KES");
		product.put("basePriceCents", 150000);
		product.put("variants", new ArrayList<>(List.of(variant)));
		return product;
	}

	JsonNode createProduct(TestTenant tenant) {
		return createProduct(tenant, p -> {
		});
	}

	JsonNode createProduct(TestTenant tenant, Consumer<Map<String, Object>> customize) {
		Map<String, Object> body = product(tenant);
		customize.accept(body);
		Api.Response created = api.post("/admin/v1/products").bearer(tenant.ownerToken()).body(body).send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	JsonNode createCategory(TestTenant tenant, String name, UUID parentId) {
		Map<String, Object> body = new LinkedHashMap<>(Map.of("name", name, "slug", unique("c-")));
		if (parentId != null) {
			body.put("parentId", parentId.toString());
		}
		Api.Response created = api.post("/admin/v1/categories").bearer(tenant.ownerToken()).body(body).send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	static UUID id(JsonNode node) {
		return UUID.fromString(node.path("id").asString());
	}

}
