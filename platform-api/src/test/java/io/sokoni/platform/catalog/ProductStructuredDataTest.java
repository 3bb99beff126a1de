package io.sokoni.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProductStructuredDataTest {

	private final JsonMapper json = JsonMapper.builder().build();

	@Test
	void pricesAreDecimalsInTheCurrencysMajorUnit() {
		assertThat(ProductStructuredData.price(150_000, "KES")).isEqualTo("1500.00");
		assertThat(ProductStructuredData.price(5, "KES")).isEqualTo("0.05");
		assertThat(ProductStructuredData.price(0, "KES")).isEqualTo("0.00");
		assertThat(ProductStructuredData.price(1500, "UGX")).isEqualTo("1500");
		assertThat(ProductStructuredData.price(1500, "BHD")).isEqualTo("1.500");
		assertThat(ProductStructuredData.price(1999, "QQQ")).isEqualTo("19.99");
	}

	@Test
	void aPageBecomesAProductWithAnOffer() {
		JsonNode page = json.readTree("""
				{"name": "Runner", "brand": "Bata", "description": "Light", "priceCents": 2000, "currency": "KES",
				 "inStock": false, "variants": [{"sku": "RUN-1"}, {"sku": "RUN-2"}],
				 "images": [{"url": "https://img.example/1.jpg"}, {"url": "https://img.example/2.jpg"}]}""");
		JsonNode product = ProductStructuredData.of(page, "https://shop.example/products/runner", json);
		assertThat(product.path("@context").asString()).isEqualTo("https://schema.org");
		assertThat(product.path("@type").asString()).isEqualTo("Product");
		assertThat(product.path("sku").asString()).isEqualTo("RUN-1");
		assertThat(product.path("brand").path("name").asString()).isEqualTo("Bata");
		assertThat(product.path("image").size()).isEqualTo(2);
		assertThat(product.path("offers").path("price").asString()).isEqualTo("20.00");
		assertThat(product.path("offers").path("priceCurrency").asString()).isEqualTo("KES");
		assertThat(product.path("offers").path("availability").asString()).isEqualTo("https://schema.org/OutOfStock");
		assertThat(product.path("offers").path("url").asString()).isEqualTo("https://shop.example/products/runner");

		JsonNode bare = ProductStructuredData.of(json.readTree("""
				{"name": "Plain", "brand": null, "description": null, "priceCents": 900, "currency": "KES",
				 "inStock": true, "variants": [], "images": []}"""), "https://s.example/products/plain", json);
		assertThat(bare.has("description")).isFalse();
		assertThat(bare.has("brand")).isFalse();
		assertThat(bare.has("sku")).isFalse();
		assertThat(bare.path("offers").path("availability").asString()).isEqualTo("https://schema.org/InStock");
	}

}
