package io.sokoni.platform.payment.mpesa.standin;

import io.sokoni.platform.payment.mpesa.MpesaAccountRequest;
import io.sokoni.platform.payment.mpesa.MpesaAccountService;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Gives the demo merchant "duka" a sandbox M-Pesa account (Daraja's public sandbox shortcode 174379 and
 * its published passkey, demo consumer keys), served by the stand-in, so the README's demo completes an
 * M-Pesa checkout on one machine. Only with SOKONI_DEMO and the stand-in both on; after the demo tenant
 * is loaded; skipped when the tenant already has an account.
 */
@Component
@ConditionalOnProperty(name = { "sokoni.demo.enabled", "sokoni.mpesa.standin.enabled" }, havingValue = "true")
class DemoMpesaAccountLoader {

	static final String SANDBOX_SHORTCODE = "174379";

	/** Safaricom's published sandbox passkey for 174379 (not a secret). */
	static final String SANDBOX_PASSKEY = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919";

	private static final Logger log = LoggerFactory.getLogger(DemoMpesaAccountLoader.class);

	private final TenantDirectory tenants;

	private final MpesaAccountService accounts;

	DemoMpesaAccountLoader(TenantDirectory tenants, MpesaAccountService accounts) {
		this.tenants = tenants;
		this.accounts = accounts;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(Ordered.LOWEST_PRECEDENCE)
	void load() {
		tenants.findBySlug("duka").ifPresentOrElse(tenant -> TenantContext.runAs(tenant, () -> {
			if (accounts.find().isPresent()) {
				return;
			}
			accounts.save(new MpesaAccountRequest("sandbox", "paybill", SANDBOX_SHORTCODE, null, "demo-consumer-key",
					"demo-consumer-secret", SANDBOX_PASSKEY, null, null, false, null));
			log.info("Demo tenant 'duka' has a sandbox M-Pesa account served by the Daraja stand-in");
		}), () -> log.warn("Demo tenant 'duka' not found; no demo M-Pesa account"));
	}

}
