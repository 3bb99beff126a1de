package io.sokoni.platform.whatsapp.standin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Makes the Graph stand-in post signed deliveries to Sokoni's webhook, as Meta would, for development,
 * tests, the demo and the benchmark (README: "WhatsApp inbound"):
 * <ul>
 * <li>{@code POST /graph-standin/simulate/messages}: an inbound message from a shopper (text, a catalog
 * order, a location, an image, a button or list reply), {@code copies} times (duplicates), at once
 * when {@code concurrent};</li>
 * <li>{@code POST /graph-standin/simulate/statuses}: status updates of a wamid, each its own delivery, in
 * the order given (reordering on request).</li>
 * </ul>
 * Answers the wamid and Sokoni's HTTP status for each delivery. Registered only with the stand-in.
 */
@Hidden
@RestController
@RequestMapping(GraphStandIn.PATH + "/simulate")
@ConditionalOnProperty(name = "sokoni.whatsapp.standin.enabled", havingValue = "true")
class StandInWebhookController {

	private static final int MAX_COPIES = 20;

	private final StandInWebhooks webhooks;

	StandInWebhookController(StandInWebhooks webhooks) {
		this.webhooks = webhooks;
	}

	/** An order line: product_retailer_id (the SKU), quantity, and the price the catalog showed. */
	record Item(String retailerId, Integer quantity, Double price) {
	}

	record Location(Double latitude, Double longitude, String name, String address) {
	}

	/**
	 * @param type   text (default), order, location, image, button, interactive
	 * @param wamid  the message id (a new one when absent; give one to send the same message again later)
	 */
	record InboundRequest(String phoneNumberId, String from, String name, String type, String text,
			List<Item> items, Location location, String wamid, Integer copies, Boolean concurrent) {
	}

	record StatusRequest(String phoneNumberId, String wamid, String recipient, List<String> statuses,
			Integer errorCode, String bizOpaqueCallbackData) {
	}

	@PostMapping("/messages")
	Map<String, Object> message(@RequestBody InboundRequest r) {
		require(r.phoneNumberId(), "phoneNumberId");
		require(r.from(), "from");
		String type = r.type() == null ? "text" : r.type();
		ObjectNode content = JsonNodeFactory.instance.objectNode();
		switch (type) {
			case "text" -> content.put("body", r.text() == null ? "Hello" : r.text());
			case "order" -> {
				content.put("catalog_id", "1234567890");
				if (r.text() != null) {
					content.put("text", r.text());
				}
				ArrayNode items = content.putArray("product_items");
				for (Item item : r.items() == null ? List.<Item>of() : r.items()) {
					ObjectNode line = items.addObject();
					line.put("product_retailer_id", item.retailerId());
					line.put("quantity", item.quantity() == null ? 1 : item.quantity());
					line.put("item_price", item.price() == null ? 1.0 : item.price());
					line.put("currency", "KES");
				}
			}
			case "location" -> {
				Location l = r.location() == null ? new Location(-1.2676, 36.8108, null, null) : r.location();
				content.put("latitude", l.latitude() == null ? -1.2676 : l.latitude());
				content.put("longitude", l.longitude() == null ? 36.8108 : l.longitude());
				if (l.name() != null) {
					content.put("name", l.name());
				}
				if (l.address() != null) {
					content.put("address", l.address());
				}
			}
			case "image" -> {
				content.put("id", "1479537139650973");
				content.put("mime_type", "image/jpeg");
				content.put("sha256", "HgOlyQ0Eik2T2KgnGqsDA3MzFCsIDE9NHIbjvHhn4OQ=");
				if (r.text() != null) {
					content.put("caption", r.text());
				}
			}
			case "button" -> {
				content.put("text", r.text() == null ? "Yes" : r.text());
				content.put("payload", r.text() == null ? "Yes" : r.text());
			}
			case "interactive" -> {
				content.put("type", "button_reply");
				content.putObject("button_reply").put("id", "reply-1").put("title", r.text() == null ? "Yes" : r.text());
			}
			default -> throw new ApiException(ProblemType.VALIDATION_FAILED,
					"type must be text, order, location, image, button or interactive");
		}
		String wamid = r.wamid() == null ? StandInWebhooks.newWamid() : r.wamid();
		int copies = r.copies() == null ? 1 : r.copies();
		if (copies < 1 || copies > MAX_COPIES) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "copies must be between 1 and " + MAX_COPIES);
		}
		List<Integer> answers = webhooks.postCopies(
				StandInWebhooks.message(r.phoneNumberId(), r.from(), r.name(), wamid, type, content), copies,
				Boolean.TRUE.equals(r.concurrent()));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("wamid", wamid);
		answer.put("answers", answers);
		return answer;
	}

	@PostMapping("/statuses")
	Map<String, Object> statuses(@RequestBody StatusRequest r) {
		require(r.phoneNumberId(), "phoneNumberId");
		require(r.wamid(), "wamid");
		if (r.statuses() == null || r.statuses().isEmpty() || r.statuses().size() > MAX_COPIES) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "statuses: 1 to " + MAX_COPIES + " of sent, delivered, read, failed");
		}
		List<Integer> answers = new ArrayList<>();
		for (String status : r.statuses()) {
			if (!List.of("sent", "delivered", "read", "failed").contains(status)) {
				throw new ApiException(ProblemType.VALIDATION_FAILED, "statuses: sent, delivered, read or failed");
			}
		}
		for (String status : r.statuses()) {
			answers.add(webhooks.post(StandInWebhooks.status(r.phoneNumberId(), r.wamid(),
					r.recipient() == null ? "254700000000" : r.recipient(), status, r.errorCode(),
					r.bizOpaqueCallbackData())));
		}
		return Map.of("wamid", r.wamid(), "answers", answers);
	}

	private static void require(String value, String field) {
		if (value == null || value.isBlank()) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, field + " is required");
		}
	}

}
