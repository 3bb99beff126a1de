package io.sokoni.platform.seo;

import static io.sokoni.jooq.Tables.STORE_SEO_SETTINGS;

import java.util.Optional;
import java.util.UUID;

import io.sokoni.tenant.TenantContext;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SelectField;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/** SEO defaults of the bound tenant's stores. */
@Repository
class SeoSettingsRepository {

	private static final SelectField<?>[] COLUMNS = { STORE_SEO_SETTINGS.STORE_ID, STORE_SEO_SETTINGS.TITLE_TEMPLATE,
			STORE_SEO_SETTINGS.META_DESCRIPTION, STORE_SEO_SETTINGS.SOCIAL_IMAGE_URL, STORE_SEO_SETTINGS.ROBOTS_POLICY,
			STORE_SEO_SETTINGS.VERSION, STORE_SEO_SETTINGS.UPDATED_AT };

	private final DSLContext dsl;

	SeoSettingsRepository(DSLContext dsl) {
		this.dsl = dsl;
	}

	Optional<SeoSettings> find(UUID storeId) {
		return dsl.select(COLUMNS)
			.from(STORE_SEO_SETTINGS)
			.where(STORE_SEO_SETTINGS.TENANT_ID.eq(tenant()), STORE_SEO_SETTINGS.STORE_ID.eq(storeId))
			.fetchOptional(SeoSettingsRepository::settings);
	}

	/** Writes all values in one statement (insert or replace), bumping the version. */
	SeoSettings save(UUID storeId, String titleTemplate, String metaDescription, String socialImageUrl,
			String robotsPolicy) {
		return dsl.insertInto(STORE_SEO_SETTINGS)
			.set(STORE_SEO_SETTINGS.TENANT_ID, tenant())
			.set(STORE_SEO_SETTINGS.STORE_ID, storeId)
			.set(STORE_SEO_SETTINGS.TITLE_TEMPLATE, titleTemplate)
			.set(STORE_SEO_SETTINGS.META_DESCRIPTION, metaDescription)
			.set(STORE_SEO_SETTINGS.SOCIAL_IMAGE_URL, socialImageUrl)
			.set(STORE_SEO_SETTINGS.ROBOTS_POLICY, robotsPolicy)
			.onConflict(STORE_SEO_SETTINGS.TENANT_ID, STORE_SEO_SETTINGS.STORE_ID)
			.doUpdate()
			.set(STORE_SEO_SETTINGS.TITLE_TEMPLATE, titleTemplate)
			.set(STORE_SEO_SETTINGS.META_DESCRIPTION, metaDescription)
			.set(STORE_SEO_SETTINGS.SOCIAL_IMAGE_URL, socialImageUrl)
			.set(STORE_SEO_SETTINGS.ROBOTS_POLICY, robotsPolicy)
			.set(STORE_SEO_SETTINGS.VERSION, STORE_SEO_SETTINGS.VERSION.plus(1))
			.set(STORE_SEO_SETTINGS.UPDATED_AT, DSL.currentOffsetDateTime())
			.returningResult(COLUMNS)
			.fetchSingle(SeoSettingsRepository::settings);
	}

	private static SeoSettings settings(Record r) {
		return new SeoSettings(r.get(STORE_SEO_SETTINGS.STORE_ID), r.get(STORE_SEO_SETTINGS.TITLE_TEMPLATE),
				r.get(STORE_SEO_SETTINGS.META_DESCRIPTION), r.get(STORE_SEO_SETTINGS.SOCIAL_IMAGE_URL),
				r.get(STORE_SEO_SETTINGS.ROBOTS_POLICY), r.get(STORE_SEO_SETTINGS.VERSION),
				r.get(STORE_SEO_SETTINGS.UPDATED_AT));
	}

	private static UUID tenant() {
		return TenantContext.require().value();
	}

}
