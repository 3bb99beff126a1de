package io.sokoni.platform.operator;

import io.sokoni.tenant.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
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

	DemoTenantLoader(TenantOnboardingService onboarding, TenantDirectory tenants) {
		this.onboarding = onboarding;
		this.tenants = tenants;
	}

	@EventListener(ApplicationReadyEvent.class)
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
		log.info("Demo tenant '{}' created; its store answers at Host {}", SLUG, created.platformHost());
	}

}
