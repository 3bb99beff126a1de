package io.sokoni.platform.whatsapp.standin;

import java.util.ArrayList;
import java.util.List;

import io.sokoni.platform.whatsapp.account.NotificationSetting;
import io.sokoni.platform.whatsapp.account.NotificationSettingsRequest;
import io.sokoni.platform.whatsapp.account.NotificationSettingsService;
import io.sokoni.platform.whatsapp.account.WhatsAppAccountRequest;
import io.sokoni.platform.whatsapp.account.WhatsAppAccountService;
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
 * Connects the demo merchant "duka" to a WhatsApp number served by the Graph stand-in (phone-number id
 * {@value #PHONE_NUMBER_ID}) and turns every order notification on, each with a template named after
 * its kind (language en), so the README's demo shows a notification going out on one machine. Only
 * with SOKONI_DEMO and the stand-in both on; skipped when the tenant already has a number.
 */
@Component
@ConditionalOnProperty(name = { "sokoni.demo.enabled", "sokoni.whatsapp.standin.enabled" }, havingValue = "true")
public class DemoWhatsAppLoader {

	/** The demo number's phone-number id (webhook deliveries for duka name it). */
	public static final String PHONE_NUMBER_ID = "100000000000001";

	private static final Logger log = LoggerFactory.getLogger(DemoWhatsAppLoader.class);

	private final TenantDirectory tenants;

	private final WhatsAppAccountService accounts;

	private final NotificationSettingsService settings;

	DemoWhatsAppLoader(TenantDirectory tenants, WhatsAppAccountService accounts, NotificationSettingsService settings) {
		this.tenants = tenants;
		this.accounts = accounts;
		this.settings = settings;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(Ordered.LOWEST_PRECEDENCE)
	void load() {
		tenants.findBySlug("duka").ifPresentOrElse(tenant -> TenantContext.runAs(tenant, () -> {
			if (accounts.find().isPresent()) {
				return;
			}
			try {
				accounts.save(new WhatsAppAccountRequest(PHONE_NUMBER_ID, "100000000000002", "0722000111",
						"demo-access-token-for-the-graph-standin"));
			}
			catch (RuntimeException ex) {
				log.warn("Demo tenant 'duka' could not get its WhatsApp number: {}", ex.getMessage());
				return;
			}
			List<NotificationSettingsRequest.Setting> all = new ArrayList<>();
			for (String kind : NotificationSetting.KINDS) {
				all.add(new NotificationSettingsRequest.Setting(kind, true, kind, "en"));
			}
			settings.save(new NotificationSettingsRequest(all));
			log.info("Demo tenant 'duka' has WhatsApp number {} served by the Graph stand-in, notifications on",
					PHONE_NUMBER_ID);
		}), () -> log.warn("Demo tenant 'duka' not found; no demo WhatsApp number"));
	}

}
