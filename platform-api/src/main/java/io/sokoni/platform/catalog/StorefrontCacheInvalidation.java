package io.sokoni.platform.catalog;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.sokoni.platform.database.ChangeNotices;
import io.sokoni.platform.outbox.OutboxEvent;
import io.sokoni.platform.outbox.OutboxEventsDelivered;
import io.sokoni.platform.store.StoreSettingsChanged;
import io.sokoni.tenant.TenantId;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps every instance's storefront cache in step with catalog changes. The instance whose relay
 * delivered a tenant's product or category events drops what they may change at once (product events:
 * the tenant's lists and searches and those products' pages; a category event: all of the tenant's
 * answers) and tells the others through {@link ChangeNotices} (topic {@code storefront}, details
 * {@code tenant} or {@code tenant:product,product,…}); each instance does the same when told, and drops
 * everything when its listener may have missed notices. A change to a store's settings drops all of its
 * tenant's answers the same way, once committed. The cache's TTLs are only the bound for what no event
 * announces (and for a notice lost on its way).
 */
@Component
class StorefrontCacheInvalidation {

	/** The channel the notices travel on (shared with the platform's other caches). */
	static final String CHANNEL = ChangeNotices.CHANNEL;

	static final String TOPIC = "storefront";

	private final StorefrontCatalogService storefront;

	private final ChangeNotices notices;

	StorefrontCacheInvalidation(StorefrontCatalogService storefront, ChangeNotices notices) {
		this.storefront = storefront;
		this.notices = notices;
		notices.subscribe(TOPIC, this::onNotice, storefront::invalidateAll);
	}

	/** A store's settings (e.g. whether it is live) changed: all of the tenant's answers, once it commits. */
	@EventListener
	void onStoreSettingsChanged(StoreSettingsChanged changed) {
		notices.afterCommit(TOPIC, changed.tenant().value().toString(), () -> storefront.invalidate(changed.tenant()));
	}

	@EventListener
	void onDelivered(OutboxEventsDelivered delivered) {
		if (!delivered.anyOf("product") && !delivered.anyOf("category")) {
			return;
		}
		String change = delivered.tenant().value().toString();
		if (delivered.anyOf("category")) {
			storefront.invalidate(delivered.tenant());
		}
		else {
			Set<UUID> products = delivered.events()
				.stream()
				.filter(e -> e.aggregateType().equals("product"))
				.map(OutboxEvent::aggregateId)
				.collect(Collectors.toSet());
			storefront.invalidateProducts(delivered.tenant(), products);
			String named = change + ":" + products.stream().map(UUID::toString).collect(Collectors.joining(","));
			// A notice holds under 8000 bytes: a longer list is sent as the whole tenant.
			change = named.length() <= ChangeNotices.MAX_DETAILS ? named : change;
		}
		notices.publish(TOPIC, change);
	}

	/** {@code tenant} or {@code tenant:product,product,…} from another instance. */
	void onNotice(String details) {
		String[] parts = details.split(":", 2);
		Optional<TenantId> tenant = TenantId.parse(parts[0]);
		if (tenant.isEmpty()) {
			return;
		}
		if (parts.length == 1) {
			storefront.invalidate(tenant.get());
			return;
		}
		try {
			storefront.invalidateProducts(tenant.get(),
					Arrays.stream(parts[1].split(",")).map(UUID::fromString).collect(Collectors.toSet()));
		}
		catch (IllegalArgumentException malformed) {
			storefront.invalidate(tenant.get());
		}
	}

}
