package io.sokoni.platform.operator;

import java.util.List;
import java.util.Map;

import io.sokoni.platform.catalog.CreateProductRequest;
import io.sokoni.platform.catalog.CreateProductRequest.VariantRequest;
import io.sokoni.platform.catalog.Product;
import io.sokoni.platform.catalog.ProductService;
import io.sokoni.platform.delivery.DeliveryZoneService;
import io.sokoni.platform.inventory.InventoryService;
import io.sokoni.platform.inventory.Location;
import io.sokoni.platform.inventory.LocationService;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantDirectory;
import io.sokoni.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Loads the demo merchant the README's examples use (tenant "duka", store at duka.{platform-domain}),
 * once: skipped when it exists. Only with {@code SOKONI_DEMO=true}; its password is a published demo
 * credential, never a real one.
 */
@Component
@ConditionalOnProperty(name = "sokoni.demo.enabled", havingValue = "true")
class DemoTenantLoader {

	static final String SLUG = "duka";

	private static final Logger log = LoggerFactory.getLogger(DemoTenantLoader.class);

	private final TenantOnboardingService onboarding;

	private final TenantDirectory tenants;

	private final ProductService products;

	private final LocationService locations;

	private final InventoryService inventory;

	private final DeliveryZoneService zones;

	DemoTenantLoader(TenantOnboardingService onboarding, TenantDirectory tenants, ProductService products,
			LocationService locations, InventoryService inventory, DeliveryZoneService zones) {
		this.onboarding = onboarding;
		this.tenants = tenants;
		this.products = products;
		this.locations = locations;
		this.zones = zones;
		this.inventory = inventory;
	}

	/** First among the start-up listeners: others (the demo M-Pesa account) build on the tenant. */
	@EventListener(ApplicationReadyEvent.class)
	@Order(Ordered.HIGHEST_PRECEDENCE)
	void load() {
		if (tenants.findBySlug(SLUG).isPresent()) {
			log.info("Demo tenant '{}' already present", SLUG);
			return;
		}
		var created = onboarding.create(new CreateTenantRequest(SLUG, "Duka la Mama Demo", "starter", "Africa/Nairobi",
				"KES", "174379", null, "0712345678",
				new CreateTenantRequest.Owner("owner@duka.example", "Mama Duka", "0712345678", "duka-demo-password"),
				new CreateTenantRequest.FirstStore(SLUG, "Duka la Mama", "KES", "0712345678", "hello@duka.example",
						"Westlands", "Woodvale Grove, Nairobi", true)));
		TenantContext.runAs(TenantId.of(created.tenantId()), () -> stockDemoCatalog(created.storeId()));
		log.info("Demo tenant '{}' created; its store answers at Host {}", SLUG, created.platformHost());
	}

	/** A few products with stock, so the storefront examples have something to list and find. */
	private void stockDemoCatalog(java.util.UUID storeId) {
		Location shop = locations.create(storeId, "WESTLANDS", "Westlands shop", "Westlands");
		zones.create(storeId, "Westlands and around", 20_000, 50_000, 1_000_000L, 90,
				List.of("Westlands", "Parklands", "Kilimani", "Lavington"));
		zones.create(storeId, "CBD and Eastlands", 35_000, 100_000, null, 180,
				List.of("CBD", "Eastleigh", "Buruburu", "Umoja"));
		record Item(String name, String slug, String brand, long priceCents, List<String> sizes, int stock) {
		}
		List<Item> items = List.of(new Item("Kiondo basket", "kiondo-basket", "Jua Kali", 250_000, List.of("M", "L"), 12),
				new Item("Maasai shuka", "maasai-shuka", "Kazuri", 180_000, List.of("Red", "Blue"), 30),
				new Item("Kitenge dress", "kitenge-dress", "Jua Kali", 420_000, List.of("S", "M", "L"), 8),
				new Item("Chai masala 250 g", "chai-masala", "Ketepa", 45_000, List.of("250g"), 0));
		for (Item item : items) {
			List<VariantRequest> variants = item.sizes()
				.stream()
				.map(size -> new VariantRequest(size, item.slug().toUpperCase() + "-" + size.toUpperCase(), null,
						Map.of("size", size), item.priceCents(), null, 3, true))
				.toList();
			Product product = products.create(new CreateProductRequest(storeId, item.name(), item.slug(),
					"Hand made in Nairobi: " + item.name().toLowerCase() + ".", "active", item.brand(), null,
					item.priceCents(), null, null, "KES", null, null, null, variants, List.of()));
			product.variants()
				.forEach(v -> inventory.set(v.id(), shop.id(), item.stock(), "Demo stock", "demo"));
		}
	}

}
