package io.sokoni.platform.whatsapp.inbound;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.delivery.DeliveryPricing;
import io.sokoni.platform.delivery.DeliveryQuote;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.whatsapp.NotificationsQueued;
import io.sokoni.platform.whatsapp.inbound.InboundRepository.OpenCart;
import io.sokoni.platform.whatsapp.inbound.InboundRepository.StoreRow;
import org.jooq.JSONB;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A shared location priced for delivery. Zones are matched by city area (there are no coordinates in
 * Sokoni's delivery zones), so the location's name and each comma-separated part of its address are
 * tried as areas; the first one a zone lists (not the store's catch-all default zone) gives the quote,
 * priced for the thread's open cart (or an empty one). The quote is recorded on the message, the area
 * kept on the open cart, and a reply with the fee and ETA queued (kind {@code reply}). No zone: nothing.
 */
@Component
class LocationQuotes {

	private final InboundRepository repository;

	private final DeliveryPricing pricing;

	private final TransactionTemplate tx;

	private final ApplicationEventPublisher events;

	LocationQuotes(InboundRepository repository, DeliveryPricing pricing, PlatformTransactionManager transactionManager,
			ApplicationEventPublisher events) {
		this.events = events;
		this.repository = repository;
		this.pricing = pricing;
		this.tx = new TransactionTemplate(transactionManager);
	}

	void quote(InboundRecorder.Recorded recorded) {
		JsonNode location = recorded.message().message().path("location");
		Set<String> candidates = new LinkedHashSet<>();
		add(candidates, location.path("name").asString(null));
		String address = location.path("address").asString(null);
		if (address != null) {
			for (String part : address.split("[,\\n]")) {
				add(candidates, part);
			}
		}
		if (candidates.isEmpty()) {
			return;
		}
		UUID cartId = recorded.thread().cartId();
		Optional<OpenCart> cart = cartId == null ? Optional.empty() : tx.execute(s -> repository.openCart(cartId));
		Optional<StoreRow> store = cart.isPresent() ? tx.execute(s -> repository.store(cart.get().storeId()))
				: tx.execute(s -> repository.firstStore());
		if (store == null || store.isEmpty()) {
			return;
		}
		long subtotal = cart.map(OpenCart::subtotalCents).orElse(0L);
		for (String area : candidates) {
			DeliveryQuote quote;
			try {
				// Outside any transaction of ours: a refusal (area not served, below the minimum) ends only its own.
				quote = pricing.quote(store.get().id(), area, subtotal);
			}
			catch (ApiException ex) {
				continue;
			}
			if (quote.ruleApplied().startsWith("default_")) {
				continue;
			}
			record(recorded, store.get(), cart, quote);
			return;
		}
	}

	private void record(InboundRecorder.Recorded recorded, StoreRow store, Optional<OpenCart> cart, DeliveryQuote quote) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		ObjectNode q = node.putObject("delivery_quote");
		q.put("zone_id", quote.zoneId().toString());
		q.put("zone_name", quote.zoneName());
		q.put("city_area", quote.cityArea());
		q.put("fee_cents", quote.feeCents());
		q.put("eta_minutes", quote.etaMinutes());
		q.put("rule_applied", quote.ruleApplied());
		q.put("currency", store.currency());
		String text = "Delivery to " + quote.cityArea() + ": " + CatalogOrders.money(quote.feeCents(), store.currency())
				+ ", about " + quote.etaMinutes() + " minutes"
				+ (quote.minOrderCents() > 0 ? " (minimum order " + CatalogOrders.money(quote.minOrderCents(), store.currency()) + ")" : "")
				+ ".";
		tx.executeWithoutResult(s -> {
			repository.mergeMetadata(recorded.messageId(), JSONB.valueOf(node.toString()));
			cart.ifPresent(c -> repository.setCartArea(c.id(), quote.cityArea()));
			repository.queueNotification("location_reply:" + recorded.message().wamid(), "reply",
					recorded.thread().id(), recorded.waId(), text);
		});
		events.publishEvent(new NotificationsQueued(io.sokoni.tenant.TenantContext.require()));
	}

	private static void add(Set<String> candidates, String text) {
		if (text != null) {
			String tidy = text.strip();
			if (!tidy.isEmpty() && tidy.length() <= 100) {
				candidates.add(tidy);
			}
		}
	}

}
