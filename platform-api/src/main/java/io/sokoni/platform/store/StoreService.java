package io.sokoni.platform.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.store.StoreRepository.NewStore;
import io.sokoni.platform.store.StoreRepository.StoreChanges;
import io.sokoni.platform.web.ApiException;
import io.sokoni.tenant.TenantContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Store settings of the bound tenant. */
@Service
public class StoreService {

	private final StoreRepository stores;

	private final AuditTrail audit;

	private final ApplicationEventPublisher events;

	StoreService(StoreRepository stores, AuditTrail audit, ApplicationEventPublisher events) {
		this.stores = stores;
		this.audit = audit;
		this.events = events;
	}

	@Transactional(readOnly = true)
	public List<Store> list() {
		return stores.list();
	}

	@Transactional(readOnly = true)
	public Store get(UUID id) {
		return stores.find(id).orElseThrow(() -> ApiException.notFound("Store"));
	}

	@Transactional(readOnly = true)
	public Optional<Store> find(UUID id) {
		return stores.find(id);
	}

	/** Creates a store inside the caller's transaction (tenant onboarding). */
	@Transactional(propagation = Propagation.MANDATORY)
	public UUID create(UUID id, String slug, String name, String currency, String contactPhone, String contactEmail,
			String area, String address, boolean live) {
		stores.insert(id, new NewStore(slug, name, currency, contactPhone, contactEmail, area, address, live));
		return id;
	}

	@Transactional
	public Store update(UUID id, long expectedVersion, StoreChanges changes) {
		Store updated = stores.update(id, expectedVersion, changes).orElseThrow(() -> stores.find(id).isPresent()
				? ApiException.staleVersion("The store") : ApiException.notFound("Store"));
		audit.record("store.updated", "store", id, Map.of("version", updated.version()));
		events.publishEvent(new StoreSettingsChanged(TenantContext.require(), id));
		return updated;
	}

}
