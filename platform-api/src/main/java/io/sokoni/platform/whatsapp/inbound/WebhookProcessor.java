package io.sokoni.platform.whatsapp.inbound;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one stored delivery into the tenants' records: every entry and every change of the body; the
 * tenant of a change is the one that registered its {@code metadata.phone_number_id} (unknown: logged
 * and dropped); each message and each status is recorded in a transaction of its own bound to that
 * tenant (a failure leaves the delivery to be retried; what was recorded is recognised as a duplicate).
 * A body that is not a WhatsApp delivery at all is logged and dropped.
 */
@Component
class WebhookProcessor {

	private static final Logger log = LoggerFactory.getLogger(WebhookProcessor.class);

	/** WhatsApp was founded in 2009: no message or status is older. */
	private static final Instant EARLIEST = Instant.parse("2009-01-01T00:00:00Z");

	private static final Duration LATEST_AHEAD = Duration.ofDays(1);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DeliveryStore store;

	private final InboundRecorder recorder;

	/**
	 * Phone-number id → tenant, kept a few seconds: one look-up per number and burst instead of one per
	 * delivery. Only found numbers are kept (a number connected a moment ago is seen at once); a number
	 * moved to another tenant reaches the new one within the expiry.
	 */
	private final Cache<String, TenantId> numbers = Caffeine.newBuilder()
		.expireAfterWrite(java.time.Duration.ofSeconds(5))
		.maximumSize(100_000)
		.build();

	WebhookProcessor(DeliveryStore store, InboundRecorder recorder) {
		this.store = store;
		this.recorder = recorder;
	}

	void process(StoredDelivery delivery) {
		processAll(java.util.List.of(delivery));
	}

	/**
	 * Processes deliveries together: messages one transaction each, as they come; status updates (most
	 * of Meta's traffic) collected per tenant and recorded in one transaction per tenant at the end.
	 * A failure fails the whole call (the caller then processes the deliveries one by one).
	 */
	void processAll(java.util.List<StoredDelivery> deliveries) {
		Map<TenantId, java.util.List<InboundStatus>> statuses = new java.util.LinkedHashMap<>();
		for (StoredDelivery delivery : deliveries) {
			collect(delivery, statuses);
		}
		statuses.forEach((tenant, list) -> TenantContext.runAs(tenant, () -> recorder.recordStatuses(list)));
	}

	private void collect(StoredDelivery delivery, Map<TenantId, java.util.List<InboundStatus>> statuses) {
		JsonNode root;
		try {
			root = JSON.readTree(delivery.bytes());
		}
		catch (JacksonException | IllegalArgumentException ex) {
			log.warn("WhatsApp delivery {} is not JSON: dropped", delivery.id());
			return;
		}
		if (!"whatsapp_business_account".equals(root.path("object").asString(""))) {
			log.warn("WhatsApp delivery {} is about object '{}': dropped", delivery.id(), root.path("object").asString(""));
			return;
		}
		Map<String, Optional<TenantId>> tenants = new HashMap<>();
		for (JsonNode entry : root.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				JsonNode value = change.path("value");
				if (!"messages".equals(change.path("field").asString(""))) {
					log.info("WhatsApp delivery {}: change of field '{}' ignored", delivery.id(),
							change.path("field").asString(""));
					continue;
				}
				String phoneNumberId = value.path("metadata").path("phone_number_id").asString("");
				Optional<TenantId> tenant = tenants.computeIfAbsent(phoneNumberId,
						id -> id.isEmpty() ? Optional.empty() : tenantOf(id));
				if (tenant.isEmpty()) {
					log.warn("WhatsApp delivery {} for phone-number id '{}', which no tenant registered: dropped",
							delivery.id(), phoneNumberId);
					continue;
				}
				java.util.List<InboundStatus> ofTenant = statuses.computeIfAbsent(tenant.get(), t -> new java.util.ArrayList<>());
				TenantContext.runAs(tenant.get(), () -> processChange(delivery, phoneNumberId, value, ofTenant));
			}
		}
	}

	private Optional<TenantId> tenantOf(String phoneNumberId) {
		TenantId known = numbers.getIfPresent(phoneNumberId);
		if (known != null) {
			return Optional.of(known);
		}
		Optional<TenantId> found = store.tenantOf(phoneNumberId);
		found.ifPresent(t -> numbers.put(phoneNumberId, t));
		return found;
	}

	private void processChange(StoredDelivery delivery, String phoneNumberId, JsonNode value,
			java.util.List<InboundStatus> statuses) {
		Map<String, String> names = new HashMap<>();
		for (JsonNode contact : value.path("contacts")) {
			String name = contact.path("profile").path("name").asString(null);
			if (name != null && !name.isBlank()) {
				names.put(contact.path("wa_id").asString(""), name.strip());
			}
		}
		for (JsonNode message : value.path("messages")) {
			String wamid = message.path("id").asString("");
			String from = message.path("from").asString("");
			if (wamid.isEmpty() || wamid.length() > 256 || from.isEmpty()) {
				log.warn("WhatsApp delivery {}: a message without id or sender ignored", delivery.id());
				continue;
			}
			recorder.record(new InboundMessage(phoneNumberId, wamid, from, names.get(from),
					instant(message.path("timestamp")), message.path("type").asString("unsupported"), message));
		}
		for (JsonNode status : value.path("statuses")) {
			String wamid = status.path("id").asString("");
			String name = status.path("status").asString("");
			if (wamid.isEmpty() || wamid.length() > 256) {
				continue;
			}
			JsonNode error = status.path("errors").path(0);
			Integer code = error.path("code").isIntegralNumber() ? error.path("code").asInt() : null;
			String title = error.path("title").asString(null);
			String callbackData = status.path("biz_opaque_callback_data").asString(null);
			statuses.add(new InboundStatus(wamid, name, instant(status.path("timestamp")), code,
					title == null || title.length() <= 500 ? title : title.substring(0, 500),
					callbackData == null || callbackData.length() > 512 ? null : callbackData));
		}
		if (value.has("errors")) {
			log.warn("WhatsApp delivery {} reports errors for number {}: {}", delivery.id(), phoneNumberId,
					value.path("errors"));
		}
	}

	/**
	 * Meta's timestamps are strings of Unix seconds; a missing or odd one is "now". Odd includes any
	 * time outside a plausible window (before WhatsApp existed, or more than a day ahead): Java reads
	 * years PostgreSQL cannot store, and one such message would fail its whole delivery on every retry.
	 */
	static Instant instant(JsonNode timestamp) {
		Instant now = Instant.now();
		try {
			Instant at = Instant.ofEpochSecond(Long.parseLong(timestamp.asString("")));
			return at.isBefore(EARLIEST) || at.isAfter(now.plus(LATEST_AHEAD)) ? now : at;
		}
		catch (NumberFormatException | java.time.DateTimeException ex) {
			return now;
		}
	}

}
