package io.sokoni.platform.whatsapp.inbound;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.cart.CartService;
import io.sokoni.platform.cart.CartView;
import io.sokoni.platform.customer.CustomerService;
import io.sokoni.platform.whatsapp.inbound.InboundRepository.StoreRow;
import io.sokoni.platform.whatsapp.inbound.InboundRepository.Variant;
import io.sokoni.tenant.TenantContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A catalog {@code order} message becomes a cart on the {@code whatsapp} channel: each
 * {@code product_retailer_id} is matched to one of the tenant's SKUs, priced from Sokoni's catalog (the
 * message's {@code item_price} is ignored), its quantity capped by the sellable stock; unknown,
 * unavailable and out-of-stock items are listed. The shopper is the customer with their number (created
 * when there is none). The reply (the cart's summary and its checkout link on the store's domain) is
 * queued as a {@code cart_reply} notification for the sender. Runs in the transaction that recorded the
 * message, so a message recorded once makes one cart.
 */
@Component
class CatalogOrders {

	/** The most of one variant a cart holds (CartService's limit). */
	private static final int MAX_QUANTITY = 1000;

	private static final int MAX_LINES = 100;

	private final InboundRepository repository;

	private final CartService carts;

	private final CustomerService customers;

	private final StoreLinks links;

	CatalogOrders(InboundRepository repository, CartService carts, CustomerService customers, StoreLinks links) {
		this.repository = repository;
		this.carts = carts;
		this.customers = customers;
		this.links = links;
	}

	/** One requested item and what became of it. */
	record Outcome(String retailerId, int requested, int added, String problem, String name, long unitPriceCents) {
	}

	/** What the order turned into: the cart (null when nothing could be added) and the reply queued. */
	record Result(UUID cartId, List<Outcome> outcomes, String reply) {
	}

	@Transactional(propagation = Propagation.MANDATORY)
	Result toCart(UUID threadId, String waId, String profileName, String wamid, JsonNode order) {
		Map<String, Integer> wanted = new LinkedHashMap<>();
		List<Outcome> outcomes = new ArrayList<>();
		for (JsonNode item : order.path("product_items")) {
			String retailerId = item.path("product_retailer_id").asString("").strip();
			JsonNode quantity = item.path("quantity");
			long q = quantity.isIntegralNumber() ? quantity.asLong()
					: quantity.isString() && quantity.asString().matches("[0-9]{1,9}") ? Long.parseLong(quantity.asString())
							: -1;
			if (retailerId.isEmpty() || retailerId.length() > 64 || q < 1) {
				outcomes.add(new Outcome(retailerId, (int) Math.max(0, Math.min(q, Integer.MAX_VALUE)), 0,
						"not a valid item", null, 0));
				continue;
			}
			wanted.merge(retailerId, (int) Math.min(q, Integer.MAX_VALUE), (a, b) -> (int) Math.min((long) a + b, Integer.MAX_VALUE));
		}
		Map<String, Variant> variants = new HashMap<>();
		if (!wanted.isEmpty()) {
			repository.variantsBySku(wanted.keySet()).forEach(v -> variants.put(v.sku(), v));
		}
		// The store: the one selling the first known item, else the tenant's first store.
		UUID storeId = wanted.keySet().stream().map(variants::get).filter(v -> v != null && v.forSale())
			.map(Variant::storeId).findFirst().orElse(null);
		StoreRow store = (storeId == null ? repository.firstStore() : repository.store(storeId)).orElse(null);

		record Line(Variant variant, int quantity) {
		}
		List<Line> lines = new ArrayList<>();
		for (Map.Entry<String, Integer> e : wanted.entrySet()) {
			Variant v = variants.get(e.getKey());
			int requested = e.getValue();
			if (v == null) {
				outcomes.add(new Outcome(e.getKey(), requested, 0, "not in our catalogue", null, 0));
			}
			else if (!v.forSale() || store == null || !v.storeId().equals(store.id())) {
				outcomes.add(new Outcome(e.getKey(), requested, 0, "no longer sold", name(v), v.priceCents()));
			}
			else if (v.available() <= 0) {
				outcomes.add(new Outcome(e.getKey(), requested, 0, "out of stock", name(v), v.priceCents()));
			}
			else if (lines.size() >= MAX_LINES) {
				outcomes.add(new Outcome(e.getKey(), requested, 0, "too many different items in one order", name(v),
						v.priceCents()));
			}
			else {
				int quantity = Math.min(requested, Math.min(v.available(), MAX_QUANTITY));
				lines.add(new Line(v, quantity));
				outcomes.add(new Outcome(e.getKey(), requested, quantity,
						quantity < requested ? "only " + quantity + " available" : null, name(v), v.priceCents()));
			}
		}
		String greeting = profileName == null ? "Thank you!" : "Thank you, " + profileName + "!";
		if (lines.isEmpty() || store == null) {
			String reply = greeting + " Sorry, none of the items in your order can be sold right now:\n"
					+ notAdded(outcomes);
			repository.queueNotification("cart_reply:" + wamid, "cart_reply", threadId, waId, trim(reply));
			return new Result(null, outcomes, reply);
		}
		UUID customerId = customers.findOrCreateForCheckout(waId, customerName(profileName, waId), null, false, null,
				null, null).customerId();
		CartService.StartedCart created = carts.startFor(customerId, store.id(), "whatsapp");
		CartView view = null;
		for (Line line : lines) {
			view = carts.addItem(store.id(), created.token(), line.variant().variantId(), line.quantity());
		}
		UUID cartId = created.id();
		repository.setThreadCustomerAndCart(threadId, customerId, cartId);
		String link = links.checkoutLink(TenantContext.require(), store.id(), store.slug(), created.token());
		StringBuilder reply = new StringBuilder(greeting).append(" Your cart at ").append(store.name()).append(":\n");
		for (CartView.Item item : view.items()) {
			reply.append("• ").append(item.quantity()).append(" × ").append(item.productName());
			if (item.variantName() != null && !item.variantName().isBlank()) {
				reply.append(" (").append(item.variantName()).append(')');
			}
			reply.append(" — ").append(money(item.lineTotalCents(), view.currency())).append('\n');
		}
		reply.append("Subtotal: ").append(money(view.subtotalCents(), view.currency())).append('\n');
		if (outcomes.stream().anyMatch(o -> o.problem() != null)) {
			reply.append("Not as you asked:\n").append(notAdded(outcomes));
		}
		reply.append("Check out (M-Pesa or cash on delivery): ").append(link);
		repository.queueNotification("cart_reply:" + wamid, "cart_reply", threadId, waId, trim(reply.toString()));
		return new Result(cartId, outcomes, reply.toString());
	}

	/** The metadata recorded on the order message. */
	static ObjectNode metadata(Result result) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		node.put("cart_id", result.cartId() == null ? null : result.cartId().toString());
		ArrayNode items = node.putArray("items");
		for (Outcome o : result.outcomes()) {
			ObjectNode item = items.addObject();
			item.put("product_retailer_id", o.retailerId());
			item.put("requested", o.requested());
			item.put("added", o.added());
			item.put("unit_price_cents", o.unitPriceCents());
			if (o.problem() != null) {
				item.put("problem", o.problem());
			}
		}
		return node;
	}

	private static String notAdded(List<Outcome> outcomes) {
		StringBuilder text = new StringBuilder();
		for (Outcome o : outcomes) {
			if (o.problem() != null) {
				text.append("• ").append(o.name() == null ? o.retailerId() : o.name()).append(": ").append(o.problem())
					.append(o.added() > 0 ? " (you asked for " + o.requested() + ")" : "").append('\n');
			}
		}
		return text.toString();
	}

	private static String name(Variant v) {
		return v.variantName() == null || v.variantName().isBlank() ? v.productName()
				: v.productName() + " (" + v.variantName() + ")";
	}

	private static String customerName(String profileName, String waId) {
		String name = profileName == null || profileName.isBlank() ? waId : profileName.strip();
		return name.length() <= 200 ? name : name.substring(0, 200);
	}

	/** Meta's text limit is 4,096 characters. */
	private static String trim(String text) {
		return text.length() <= 4096 ? text : text.substring(0, 4093) + "...";
	}

	static String money(long cents, String currency) {
		DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
		return currency + " " + format.format(BigDecimal.valueOf(cents, 2));
	}

}
