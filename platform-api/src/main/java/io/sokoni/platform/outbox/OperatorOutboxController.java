package io.sokoni.platform.outbox;

import java.util.UUID;

import io.sokoni.platform.outbox.OutboxService.OutboxEventView;
import io.sokoni.platform.web.Page;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The operator's outbox: events parked after too many failed deliveries, and retrying them. */
@RestController
@RequestMapping("/platform/v1/outbox")
@Tag(name = "Platform operator")
@SecurityRequirement(name = "operator")
@Validated
class OperatorOutboxController {

	private final OutboxService outbox;

	OperatorOutboxController(OutboxService outbox) {
		this.outbox = outbox;
	}

	@GetMapping("/parked")
	Page<OutboxEventView> parked(@RequestParam(required = false) UUID tenantId,
			@RequestParam(required = false) UUID after, @RequestParam(defaultValue = "50") @Min(1) @Max(100) int limit) {
		return Page.of(outbox.parked(tenantId, after, limit), limit, OutboxEventView::id);
	}

	@PostMapping("/{tenantId}/{eventId}/retry")
	OutboxEventView retry(@PathVariable UUID tenantId, @PathVariable UUID eventId) {
		return outbox.retry(tenantId, eventId);
	}

}
