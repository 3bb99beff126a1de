package io.sokoni.platform.inventory;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.outbox.OutboxWriter;
import io.sokoni.platform.store.StoreService;
import io.sokoni.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Store locations of the bound tenant: where stock is kept. */
@Service
public class LocationService {

	private final LocationRepository locations;

	private final StoreService stores;

	private final AuditTrail audit;

	private final OutboxWriter outbox;

	LocationService(LocationRepository locations, StoreService stores, AuditTrail audit, OutboxWriter outbox) {
		this.outbox = outbox;
		this.locations = locations;
		this.stores = stores;
		this.audit = audit;
	}

	@Transactional(readOnly = true)
	public List<Location> list(UUID storeId, String status, UUID after, int limit) {
		return locations.list(storeId, status, after, limit);
	}

	@Transactional(readOnly = true)
	public Location get(UUID id) {
		return locations.find(id).orElseThrow(() -> ApiException.notFound("Location"));
	}

	/** A new active location; a store of another tenant is as unknown as a store that never existed. */
	@Transactional
	public Location create(UUID storeId, String code, String name, String area) {
		if (stores.find(storeId).isEmpty()) {
			throw ApiException.notFound("Store");
		}
		Location created = locations.insert(Ids.next(), storeId, code, name, area);
		audit.record("location.created", "location", created.id(), Map.of("storeId", storeId, "code", code));
		return created;
	}

	/** Changes the given fields (null leaves one as it is). */
	@Transactional
	public Location update(UUID id, String code, String name, String area) {
		Location updated = locations.update(id, code, name, area).orElseThrow(() -> ApiException.notFound("Location"));
		audit.record("location.updated", "location", id, Map.of("code", updated.code()));
		return updated;
	}

	/**
	 * Takes a location out of use: its stock stays recorded (and can still be corrected) but no longer
	 * counts as available for low-stock alerts.
	 */
	@Transactional
	public Location deactivate(UUID id) {
		return setStatus(id, "inactive", "location.deactivated");
	}

	@Transactional
	public Location activate(UUID id) {
		return setStatus(id, "active", "location.activated");
	}

	private Location setStatus(UUID id, String status, String action) {
		Location updated = locations.setStatus(id, status).orElseThrow(() -> ApiException.notFound("Location"));
		// Only an active location's stock is sold: the products stocked there may change their in-stock flag,
		// announced as a stock change is (storefront caches and search refresh from it).
		for (UUID product : locations.productsStockedAt(id)) {
			outbox.append("product", product, "product.upserted", Map.of("storeId", updated.storeId(), "reason", "stock"));
		}
		audit.record(action, "location", id, Map.of());
		return updated;
	}

}
