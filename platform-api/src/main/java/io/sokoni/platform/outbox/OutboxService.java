package io.sokoni.platform.outbox;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.sokoni.platform.outbox.OutboxRepository.ParkedRow;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.tenant.TenantContext;
import io.sokoni.tenant.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The operator's view of the outbox: parked events, and putting them back in line. */
@Service
class OutboxService {

	private static final Logger log = LoggerFactory.getLogger(OutboxService.class);

	private final OutboxRepository repository;

	private final TransactionTemplate tenantReads;

	OutboxService(OutboxRepository repository, PlatformTransactionManager transactionManager) {
		this.repository = repository;
		this.tenantReads = new TransactionTemplate(transactionManager);
		this.tenantReads.setReadOnly(true);
	}

	/** An event as the operator sees it. */
	record OutboxEventView(UUID tenantId, UUID id, String aggregateType, UUID aggregateId, String eventType,
			int attempts, OffsetDateTime createdAt, OffsetDateTime nextAttemptAt, String lastError) {
	}

	/**
	 * Parked events, oldest first, with their last error. The platform role may not read error texts
	 * (they can quote tenant data), so those are read per tenant with the tenant bound.
	 */
	List<OutboxEventView> parked(UUID tenantId, UUID after, int limit) {
		List<ParkedRow> rows = repository.parked(tenantId, after, limit);
		Map<UUID, String> errors = new HashMap<>();
		Map<UUID, Set<UUID>> idsByTenant = rows.stream()
			.collect(Collectors.groupingBy(ParkedRow::tenantId, Collectors.mapping(ParkedRow::id, Collectors.toSet())));
		idsByTenant.forEach((tenant, ids) -> errors.putAll(TenantContext.callAs(TenantId.of(tenant),
				() -> tenantReads.execute(status -> repository.lastErrors(ids)))));
		return rows.stream().map(r -> view(r, errors.get(r.id()))).toList();
	}

	/** Puts a parked event back in line with a fresh set of attempts. */
	OutboxEventView retry(UUID tenantId, UUID eventId) {
		ParkedRow row = repository.unpark(tenantId, eventId).orElseThrow(() -> repository.status(tenantId, eventId)
			.<ApiException>map(status -> new ApiException(ProblemType.CONFLICT,
					"Only parked events can be retried; this one is " + status))
			.orElseGet(() -> ApiException.notFound("Outbox event")));
		log.info("Operator put parked outbox event {} of tenant {} back in line", eventId, tenantId);
		return view(row, null);
	}

	private static OutboxEventView view(ParkedRow r, String lastError) {
		return new OutboxEventView(r.tenantId(), r.id(), r.aggregateType(), r.aggregateId(), r.eventType(),
				r.attempts(), r.createdAt(), r.nextAttemptAt(), lastError);
	}

}
