package io.sokoni.platform.catalog;

import java.math.BigDecimal;
import java.util.Currency;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schema.org {@code Product} with its {@code Offer} that search engines read from a product page
 * (JSON-LD, https://schema.org/Product, https://developers.google.com/search/docs/appearance/structured-data/product),
 * built from the page's own JSON so the two always agree: the lowest active variant price as a decimal
 * in the currency's major unit (minor units per ISO 4217: KES 150000 → "1500.00", UGX 1500 → "1500"),
 * InStock when any active variant can be sold now (the same {@code SellableStock} rule checkout uses),
 * the first active variant's SKU, the images in order, and the page's absolute URL.
 */
final class ProductStructuredData {

	private static final String IN_STOCK = "https://schema.org/InStock";

	private static final String OUT_OF_STOCK = "https://schema.org/OutOfStock";

	private ProductStructuredData() {
	}

	static ObjectNode of(JsonNode page, String url, JsonMapper json) {
		ObjectNode product = json.createObjectNode();
		product.put("@context", "https://schema.org");
		product.put("@type", "Product");
		product.put("name", page.path("name").asString());
		putText(product, "description", page.path("description"));
		ArrayNode images = product.putArray("image");
		page.path("images").forEach(image -> images.add(image.path("url").asString()));
		JsonNode firstVariant = page.path("variants").path(0);
		putText(product, "sku", firstVariant.path("sku"));
		if (page.path("brand").isString()) {
			product.putObject("brand").put("@type", "Brand").put("name", page.path("brand").asString());
		}
		product.put("url", url);
		String currency = page.path("currency").asString();
		ObjectNode offer = product.putObject("offers");
		offer.put("@type", "Offer");
		offer.put("url", url);
		offer.put("price", price(page.path("priceCents").asLong(), currency));
		offer.put("priceCurrency", currency);
		offer.put("availability", page.path("inStock").asBoolean() ? IN_STOCK : OUT_OF_STOCK);
		return product;
	}

	/** Minor units as a decimal string of the major unit, with the currency's number of decimals. */
	static String price(long minorUnits, String currency) {
		return BigDecimal.valueOf(minorUnits).movePointLeft(fractionDigits(currency)).toPlainString();
	}

	private static int fractionDigits(String currency) {
		try {
			int digits = Currency.getInstance(currency).getDefaultFractionDigits();
			return digits < 0 ? 2 : digits;
		}
		catch (IllegalArgumentException ex) {
			return 2; // not an ISO 4217 code Java knows: the platform's default of cents
		}
	}

	private static void putText(ObjectNode target, String field, JsonNode value) {
		if (value.isString() && !value.asString().isBlank()) {
			target.put(field, value.asString());
		}
	}

}
