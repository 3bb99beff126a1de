package io.sokoni.platform.seo;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.store.StoreService;
import io.sokoni.platform.web.ApiException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The SEO defaults of the bound tenant's stores. */
@Service
public class SeoSettingsService {

	private final SeoSettingsRepository settings;

	private final StoreService stores;

	private final AuditTrail audit;

	SeoSettingsService(SeoSettingsRepository settings, StoreService stores, AuditTrail audit) {
		this.settings = settings;
		this.stores = stores;
		this.audit = audit;
	}

	/** The store's defaults (built-in ones if it never saved any); 404 for a store that is not the tenant's. */
	@Transactional(readOnly = true)
	public SeoSettings get(UUID storeId) {
		requireStore(storeId);
		return of(storeId);
	}

	/** The store's defaults inside the caller's transaction, without checking the store (storefront reads). */
	SeoSettings of(UUID storeId) {
		return settings.find(storeId).orElseGet(() -> SeoSettings.defaults(storeId));
	}

	@Transactional
	public SeoSettings put(UUID storeId, String titleTemplate, String metaDescription, String socialImageUrl,
			String robotsPolicy) {
		requireStore(storeId);
		SeoSettings saved = settings.save(storeId, titleTemplate, metaDescription, socialImageUrl, robotsPolicy);
		Map<String, Object> details = new HashMap<>();
		details.put("robotsPolicy", saved.robotsPolicy());
		details.put("version", saved.version());
		audit.record("seo_settings.updated", "store", storeId, details);
		return saved;
	}

	private void requireStore(UUID storeId) {
		if (stores.find(storeId).isEmpty()) {
			throw ApiException.notFound("Store");
		}
	}

}
