package io.sokoni.platform.delivery;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.delivery.DeliveryPartnerRepository.PartnerFields;
import io.sokoni.platform.store.StoreService;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems.FieldProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Delivery partners of the bound tenant's stores. Every partner it returns has its secrets masked. */
@Service
public class DeliveryPartnerService {

	private final DeliveryPartnerRepository partners;

	private final StoreService stores;

	private final AuditTrail audit;

	DeliveryPartnerService(DeliveryPartnerRepository partners, StoreService stores, AuditTrail audit) {
		this.partners = partners;
		this.stores = stores;
		this.audit = audit;
	}

	@Transactional(readOnly = true)
	public List<DeliveryPartner> list(UUID storeId, Boolean active, UUID after, int limit) {
		return partners.list(storeId, active, after, limit).stream().map(DeliveryPartnerService::masked).toList();
	}

	@Transactional(readOnly = true)
	public DeliveryPartner get(UUID id) {
		return masked(find(id));
	}

	@Transactional
	public DeliveryPartner create(UUID storeId, PartnerFields fields) {
		if (stores.find(storeId).isEmpty()) {
			throw ApiException.notFound("Store");
		}
		checkSize(fields.config());
		DeliveryPartner created = partners.insert(Ids.next(), storeId, fields);
		// The audit names the keys, never the values: they may be secrets.
		audit.record("delivery_partner.created", "delivery_partner", created.id(), Map.of("storeId", storeId, "name",
				created.name(), "provider", created.provider(), "configKeys", List.copyOf(created.config().keySet())));
		return masked(created);
	}

	/** Changes the given fields if the version matches; a config replaces the whole config. */
	@Transactional
	public DeliveryPartner update(UUID id, long expectedVersion, PartnerFields changes) {
		PartnerFields effective = changes;
		if (changes.config() != null) {
			Map<String, Object> config = PartnerConfig.keepMaskedSecrets(changes.config(), find(id).config());
			checkSize(config);
			effective = new PartnerFields(changes.name(), changes.provider(), config, changes.isActive());
		}
		DeliveryPartner updated = partners.update(id, expectedVersion, effective)
			.orElseThrow(() -> partners.find(id).isPresent() ? ApiException.staleVersion("The delivery partner")
					: ApiException.notFound("Delivery partner"));
		audit.record("delivery_partner.updated", "delivery_partner", id,
				Map.of("version", updated.version(), "configChanged", changes.config() != null));
		return masked(updated);
	}

	@Transactional
	public DeliveryPartner deactivate(UUID id) {
		return setActive(id, false, "delivery_partner.deactivated");
	}

	@Transactional
	public DeliveryPartner activate(UUID id) {
		return setActive(id, true, "delivery_partner.activated");
	}

	private DeliveryPartner setActive(UUID id, boolean active, String action) {
		DeliveryPartner updated = partners.setActive(id, active)
			.orElseThrow(() -> ApiException.notFound("Delivery partner"));
		audit.record(action, "delivery_partner", id, Map.of());
		return masked(updated);
	}

	private DeliveryPartner find(UUID id) {
		return partners.find(id).orElseThrow(() -> ApiException.notFound("Delivery partner"));
	}

	private static void checkSize(Map<String, Object> config) {
		if (config != null && PartnerConfig.tooLarge(config)) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "The request has invalid fields",
					Map.of("errors", List.of(new FieldProblem("config",
							"must be at most " + PartnerConfig.MAX_BYTES / 1024 + " KB of JSON"))));
		}
	}

	private static DeliveryPartner masked(DeliveryPartner p) {
		return new DeliveryPartner(p.id(), p.storeId(), p.name(), p.provider(), PartnerConfig.masked(p.config()),
				p.isActive(), p.version(), p.createdAt(), p.updatedAt());
	}

}
