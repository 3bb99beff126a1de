package io.sokoni.platform.whatsapp.inbound;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.customer.CustomerService;
import io.sokoni.platform.customer.CustomerService.ContactSource;
import io.sokoni.platform.customer.CustomerService.ContactUpdate;
import io.sokoni.platform.whatsapp.MessageStatuses;
import io.sokoni.platform.whatsapp.NotificationsQueued;
import io.sokoni.platform.whatsapp.WaIds;
import io.sokoni.platform.whatsapp.inbound.InboundRepository.ThreadRow;
import io.sokoni.platform.whatsapp.outbound.SentNotifications;
import io.sokoni.tenant.TenantBindingTransactionManager;
import io.sokoni.tenant.TenantContext;
import org.jooq.JSONB;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records one inbound message or status of the bound tenant, each in a transaction of its own: the
 * shopper's thread (created on the first message; linked to the customer with the same number), the
 * message once per wamid (a duplicate changes nothing), the thread's unread count and 24-hour window,
 * STOP/START, a catalog order's cart and reply; a location is priced for delivery after the message is
 * committed (best effort: the quote does not decide whether the message is recorded).
 */
@Component
class InboundRecorder {

	private static final Logger log = LoggerFactory.getLogger(InboundRecorder.class);

	private static final Set<String> MEDIA = Set.of("image", "audio", "video", "document", "sticker");

	private static final int MAX_BODY = 65_536;

	private final InboundRepository repository;

	private final CatalogOrders orders;

	private final LocationQuotes locations;

	private final CustomerService customers;

	private final TransactionTemplate tx;

	private final ApplicationEventPublisher events;

	private final SentNotifications sentNotifications;

	InboundRecorder(InboundRepository repository, CatalogOrders orders, LocationQuotes locations,
			CustomerService customers, PlatformTransactionManager transactionManager, ApplicationEventPublisher events,
			SentNotifications sentNotifications) {
		this.events = events;
		this.sentNotifications = sentNotifications;
		this.repository = repository;
		this.orders = orders;
		this.locations = locations;
		this.customers = customers;
		// Relaxed commits (no wait for the WAL flush): whatever these transactions write is redone from the
		// stored delivery, which was committed durably before Meta had its 200. A database crash forgets
		// only the last of them, and with them the later marks of their deliveries as processed (WAL is
		// replayed in order), so the sweep redoes them. Nothing leaves the platform on their strength
		// alone: the reply sender claims a notification with a synchronous commit, which first makes every
		// earlier commit durable.
		this.tx = new TenantBindingTransactionManager.RelaxedCommitTemplate(transactionManager);
	}

	/** A message as recorded: its row and thread, and what it said. */
	record Recorded(UUID messageId, ThreadRow thread, String waId, InboundMessage message) {
	}

	/** Records the message; empty when it was a duplicate or had no usable sender. */
	Optional<Recorded> record(InboundMessage m) {
		Optional<String> waId = WaIds.normalise(m.from());
		if (waId.isEmpty()) {
			log.warn("WhatsApp message {} from '{}', not a phone number: ignored", m.wamid(), m.from());
			return Optional.empty();
		}
		Optional<Recorded> recorded = tx.execute(status -> recordInTransaction(m, waId.get()));
		if (recorded != null && recorded.isPresent() && "order".equals(m.type())) {
			// Committed: the reply can go now rather than at the sender's next poll.
			events.publishEvent(new NotificationsQueued(TenantContext.require()));
		}
		if (recorded != null && recorded.isPresent() && "location".equals(m.type())) {
			try {
				locations.quote(recorded.get());
			}
			catch (RuntimeException ex) {
				log.warn("Delivery quote for location message {} failed: {}", m.wamid(), ex.toString());
			}
		}
		return recorded == null ? Optional.empty() : recorded;
	}

	/** Records status updates of the bound tenant together, in one transaction. */
	void recordStatuses(List<InboundStatus> statuses) {
		List<InboundStatus> known = statuses.stream()
			.filter(st -> {
				boolean tracked = MessageStatuses.rank(st.status()).isPresent();
				if (!tracked) {
					log.info("WhatsApp status '{}' for {} ignored", st.status(), st.wamid());
				}
				return tracked;
			})
			.toList();
		if (!known.isEmpty()) {
			tx.executeWithoutResult(s -> {
				repository.recordStatuses(known);
				// A status naming a notification whose send answer was never stored confirms it was sent.
				sentNotifications.confirm(known.stream()
					.filter(st -> st.callbackData() != null)
					.map(st -> new SentNotifications.Echo(st.wamid(), st.callbackData()))
					.toList());
			});
		}
	}

	private Optional<Recorded> recordInTransaction(InboundMessage m, String waId) {
		ThreadRow thread = repository.upsertThread(waId, profile(m.profileName()));
		String kind = kindOf(m.type());
		JsonNode content = m.message().path(m.type());
		ObjectNode metadata = JsonNodeFactory.instance.objectNode();
		String body = switch (kind) {
			case "text" -> content.path("body").asString(null);
			case "interactive" -> {
				String sub = content.path("type").asString("");
				JsonNode reply = content.path(sub);
				metadata.put("interactive_type", sub);
				metadata.put("reply_id", reply.path("id").asString(null));
				metadata.put("title", reply.path("title").asString(null));
				metadata.put("description", reply.path("description").asString(null));
				yield reply.path("title").asString(null);
			}
			case "button" -> {
				metadata.put("payload", content.path("payload").asString(null));
				yield content.path("text").asString(null);
			}
			case "location" -> {
				metadata.put("latitude", content.path("latitude").asDouble());
				metadata.put("longitude", content.path("longitude").asDouble());
				metadata.put("name", content.path("name").asString(null));
				metadata.put("address", content.path("address").asString(null));
				metadata.put("url", content.path("url").asString(null));
				String name = content.path("name").asString(null);
				yield name != null ? name : content.path("address").asString(null);
			}
			case "order" -> {
				metadata.put("catalog_id", content.path("catalog_id").asString(null));
				yield content.path("text").asString(null);
			}
			case "image", "audio", "video", "document", "sticker" -> {
				metadata.put("media_id", content.path("id").asString(null));
				metadata.put("mime_type", content.path("mime_type").asString(null));
				metadata.put("sha256", content.path("sha256").asString(null));
				if (content.has("filename")) {
					metadata.put("filename", content.path("filename").asString(null));
				}
				yield content.path("caption").asString(null);
			}
			default -> {
				metadata.put("type", m.type());
				if (!content.isMissingNode() && content.toString().length() <= 4096) {
					metadata.set("content", content);
				}
				yield null;
			}
		};
		JsonNode context = m.message().path("context");
		if (context.has("id")) {
			metadata.put("context_id", context.path("id").asString(null));
		}
		if (body != null && body.length() > MAX_BODY) {
			body = body.substring(0, MAX_BODY);
		}
		Optional<UUID> messageId = repository.insertInbound(thread.id(), m.wamid(), kind, body,
				JSONB.valueOf(metadata.toString()), m.timestamp());
		if (messageId.isEmpty()) {
			log.debug("WhatsApp message {} already recorded", m.wamid());
			return Optional.empty();
		}
		repository.touchThread(thread.id(), m.timestamp());
		UUID customerId = thread.customerId();
		if (customerId == null) {
			customerId = repository.customerIdByPhone(waId).orElse(null);
			if (customerId != null) {
				repository.linkCustomer(thread.id(), customerId);
			}
		}
		if ("text".equals(kind) || "button".equals(kind)) {
			applyOptOut(thread, customerId, body, m);
		}
		if ("order".equals(kind)) {
			CatalogOrders.Result result = orders.toCart(thread.id(), waId, profile(m.profileName()), m.wamid(), content);
			repository.mergeMetadata(messageId.get(), JSONB.valueOf(CatalogOrders.metadata(result).toString()));
		}
		return Optional.of(new Recorded(messageId.get(), thread, waId, m));
	}

	private void applyOptOut(ThreadRow thread, UUID customerId, String body, InboundMessage m) {
		Optional<OptOutKeywords.Change> change = OptOutKeywords.of(body);
		if (change.isEmpty() && "button".equals(kindOf(m.type()))) {
			change = OptOutKeywords.of(m.message().path("button").path("payload").asString(null));
		}
		if (change.isEmpty()) {
			return;
		}
		boolean out = change.get() == OptOutKeywords.Change.OPT_OUT;
		repository.setOptedOut(thread.id(), out);
		if (customerId != null) {
			// A message from the number proves control of it: the customer's consent follows.
			customers.applyVerifiedContact(customerId, new ContactUpdate(null, null, !out), ContactSource.WHATSAPP_MESSAGE);
		}
		log.info("WhatsApp thread {} {}", thread.id(), out ? "opted out (STOP)" : "opted in again (START)");
	}

	private static String kindOf(String type) {
		return switch (type) {
			case "text", "order", "interactive", "button", "location" -> type;
			default -> MEDIA.contains(type) ? type : "unsupported";
		};
	}

	private static String profile(String name) {
		if (name == null || name.isBlank()) {
			return null;
		}
		String tidy = name.strip();
		return tidy.length() <= 200 ? tidy : tidy.substring(0, 200);
	}

}
