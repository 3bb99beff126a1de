package io.sokoni.platform.whatsapp.account;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Whether one kind of order notification is sent, and the approved template (name + language) used
 * outside the 24-hour window; inside it a free-form text goes. Without a template the notification is
 * only sent inside the window.
 */
public record NotificationSetting(String kind, boolean enabled, String templateName, String templateLanguage,
		OffsetDateTime updatedAt) {

	/** The six order notifications, in the order a merchant reads them. */
	public static final List<String> KINDS = List.of("order_placed", "payment_received", "payment_failed", "dispatched",
			"delivered", "cancelled");

	public boolean hasTemplate() {
		return templateName != null && templateLanguage != null;
	}

}
