package io.sokoni.platform.insight;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.sokoni.platform.insight.EventValidator.FieldError;
import io.sokoni.platform.insight.EventValidator.Outcome;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ClientAddress;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.StorefrontTenantFilter;
import io.sokoni.tenant.TenantContext;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Storefront events in batches ({@code POST /storefront/v1/events}, store from the Host header,
 * anonymous). Each event is checked on its own: the valid ones are stored, the others refused with
 * their reasons, and the answer lists one result per event in the order sent. 202 when at least one
 * event was stored; 422 {@code invalid-value} (with the same results) when none was. A malformed batch
 * (not {@code {"events": [...]}}, empty, more than {@code max-batch} events) is 400 and stores nothing.
 */
@RestController
@RequestMapping("/storefront/v1/events")
@Tag(name = "Storefront: events")
class StorefrontEventController {

	private final EventIntake intake;

	private final EventRateLimits limits;

	private final ClientAddress clientAddress;

	private final InsightProperties props;

	StorefrontEventController(EventIntake intake, EventRateLimits limits, ClientAddress clientAddress,
			InsightProperties props) {
		this.intake = intake;
		this.limits = limits;
		this.clientAddress = clientAddress;
		this.props = props;
	}

	/** One event's fate: {@code accepted} with its id, or {@code rejected} with its field errors. */
	record Result(int index, String status, UUID id, List<FieldError> errors) {
	}

	record BatchResponse(int accepted, int rejected, List<Result> results) {
	}

	@PostMapping
	@ResponseStatus(HttpStatus.ACCEPTED)
	BatchResponse ingest(HttpServletRequest request, @RequestBody JsonNode body) {
		JsonNode list = body == null ? null : body.get("events");
		if (list == null || !list.isArray() || body.size() != 1) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "The body must be {\"events\": [ ... ]}");
		}
		if (list.isEmpty() || list.size() > props.maxBatch()) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "A batch holds 1 to " + props.maxBatch() + " events");
		}
		UUID store = StorefrontTenantFilter.storeId(request);
		long wait = limits.takeForAddress(clientAddress.of(request), list.size());
		if (wait > 0) {
			throw new ApiException(ProblemType.TOO_MANY_REQUESTS, "Too many events from your address; slow down",
					Map.of("retryAfterSeconds", wait));
		}
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		List<Result> results = new ArrayList<>(list.size());
		List<StorefrontEvent> accepted = new ArrayList<>(list.size());
		for (int i = 0; i < list.size(); i++) {
			Outcome outcome = EventValidator.validate(list.get(i), now);
			if (outcome.accepted() && !limits.takeForSession(store, outcome.event().sessionId())) {
				outcome = new Outcome(null, List.of(new FieldError("sessionId", "too many events from this session; slow down")));
			}
			if (outcome.accepted()) {
				accepted.add(outcome.event());
				results.add(new Result(i, "accepted", outcome.event().id(), null));
			}
			else {
				results.add(new Result(i, "rejected", null, outcome.errors()));
			}
		}
		BatchResponse response = new BatchResponse(accepted.size(), list.size() - accepted.size(), results);
		if (accepted.isEmpty()) {
			throw new ApiException(ProblemType.INVALID_VALUE, "No event of the batch was accepted",
					Map.of("results", results));
		}
		CompletableFuture<Void> stored = intake.store(TenantContext.require(), store, accepted)
			.orElseThrow(() -> new ApiException(ProblemType.TOO_MANY_REQUESTS,
					"Events are arriving faster than they can be stored; try again shortly"));
		CheckoutFirstFilter.cpuDone(request);
		try {
			stored.get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ApiException(ProblemType.DATABASE_UNAVAILABLE, "The events could not be stored; send them again");
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new ApiException(ProblemType.DATABASE_UNAVAILABLE, "The events could not be stored; send them again");
		}
		return response;
	}

}
