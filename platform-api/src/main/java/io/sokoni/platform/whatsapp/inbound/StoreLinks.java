package io.sokoni.platform.whatsapp.inbound;

import static io.sokoni.jooq.Tables.STORE_DOMAINS;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sokoni.platform.database.PlatformDatabase;
import io.sokoni.tenant.TenantId;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The checkout link of a cart on the store's own domain: the store's verified custom domain, else its
 * platform subdomain ({slug}.{platform-domain}); the cart's token is what the storefront opens it with
 * ({@code /storefront/v1/carts/{token}}) and checks it out with (the existing checkout, which keeps the
 * cart's channel on the order). Host names are platform rows (control database, platform role).
 */
@Component
class StoreLinks {

	private final DSLContext platform;

	private final String platformDomain;

	private final String template;

	/**
	 * The host of each store's links, kept a minute: one look-up per store instead of one per catalog
	 * order (a domain verified meanwhile is in the links within the minute).
	 */
	private final Cache<StoreKey, String> hosts = Caffeine.newBuilder()
		.expireAfterWrite(Duration.ofMinutes(1))
		.maximumSize(10_000)
		.build();

	StoreLinks(PlatformDatabase platform, @Value("${sokoni.platform-domain}") String platformDomain,
			WebhookProperties props) {
		this.platform = platform.dsl();
		this.platformDomain = platformDomain;
		this.template = props.checkoutUrl();
	}

	String checkoutLink(TenantId tenant, UUID storeId, String storeSlug, String cartToken) {
		String host = hosts.get(new StoreKey(tenant, storeId), key -> platform.select(STORE_DOMAINS.HOST)
			.from(STORE_DOMAINS)
			.where(STORE_DOMAINS.TENANT_ID.eq(tenant.value()), STORE_DOMAINS.STORE_ID.eq(storeId),
					STORE_DOMAINS.VERIFICATION_STATUS.eq("verified"))
			.orderBy(DSL.when(STORE_DOMAINS.KIND.eq("custom"), 0).otherwise(1), STORE_DOMAINS.CREATED_AT)
			.limit(1)
			.fetchOptional(r -> r.value1())
			.orElse(storeSlug + "." + platformDomain));
		return template.replace("{host}", host).replace("{token}", URLEncoder.encode(cartToken, StandardCharsets.UTF_8));
	}

	private record StoreKey(TenantId tenant, UUID storeId) {
	}

}
