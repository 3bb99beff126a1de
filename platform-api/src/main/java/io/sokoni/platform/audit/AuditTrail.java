package io.sokoni.platform.audit;

import static io.sokoni.jooq.Tables.AUDIT_LOG;
import static io.sokoni.jooq.Tables.PLATFORM_AUDIT_LOG;

import java.util.Map;

import io.sokoni.platform.Ids;
import io.sokoni.platform.auth.CurrentUser;
import io.sokoni.platform.database.PlatformDatabase;
import io.sokoni.platform.web.ClientAddress;
import io.sokoni.platform.web.RequestIdFilter;
import io.sokoni.tenant.TenantContext;
import jakarta.servlet.http.HttpServletRequest;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records admin and auth events: who (user, operator, anonymous), what, when and from where (address,
 * user agent, request id). Tenant events go to the tenant's {@code audit_log} in the caller's
 * transaction, so they commit or roll back with the change they describe; operator events go to the
 * platform audit log.
 */
@Service
public class AuditTrail {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final DSLContext dsl;

	private final PlatformDatabase platform;

	private final ClientAddress clientAddress;

	AuditTrail(DSLContext dsl, PlatformDatabase platform, ClientAddress clientAddress) {
		this.dsl = dsl;
		this.platform = platform;
		this.clientAddress = clientAddress;
	}

	/** A tenant event by the current actor, in the current transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(String action, String targetType, Object targetId, Map<String, ?> details) {
		CurrentUser.Actor actor = CurrentUser.actor("anonymous");
		recordAs(actor.type(), actor.id(), action, targetType, targetId, details);
	}

	/** A tenant event by a named actor, in the current transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordAs(String actorType, String actorId, String action, String targetType, Object targetId,
			Map<String, ?> details) {
		HttpServletRequest request = currentRequest();
		dsl.insertInto(AUDIT_LOG)
			.set(AUDIT_LOG.TENANT_ID, TenantContext.require().value())
			.set(AUDIT_LOG.ID, Ids.next())
			.set(AUDIT_LOG.ACTOR_TYPE, actorType)
			.set(AUDIT_LOG.ACTOR_ID, actorId)
			.set(AUDIT_LOG.ACTION, action)
			.set(AUDIT_LOG.TARGET_TYPE, targetType)
			.set(AUDIT_LOG.TARGET_ID, targetId == null ? null : targetId.toString())
			.set(AUDIT_LOG.DETAILS, JSONB.valueOf(JSON.writeValueAsString(details)))
			.set(AUDIT_LOG.IP, request == null ? null : clientAddress.of(request))
			.set(AUDIT_LOG.USER_AGENT, request == null ? null : truncate(request.getHeader("User-Agent")))
			.set(AUDIT_LOG.REQUEST_ID, MDC.get(RequestIdFilter.MDC_KEY))
			.execute();
	}

	/** A tenant event that must be kept even though the surrounding work fails (failed logins). */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void recordIndependently(String actorType, String actorId, String action, String targetType,
			Object targetId, Map<String, ?> details) {
		recordAs(actorType, actorId, action, targetType, targetId, details);
	}

	/** An operator event, in the current platform transaction (or on its own). */
	@Transactional(transactionManager = PlatformDatabase.TX)
	public void recordOperator(String action, String targetType, Object targetId, Map<String, ?> details) {
		HttpServletRequest request = currentRequest();
		platform.dsl()
			.insertInto(PLATFORM_AUDIT_LOG)
			.set(PLATFORM_AUDIT_LOG.ID, Ids.next())
			.set(PLATFORM_AUDIT_LOG.ACTOR, "operator")
			.set(PLATFORM_AUDIT_LOG.ACTION, action)
			.set(PLATFORM_AUDIT_LOG.TARGET_TYPE, targetType)
			.set(PLATFORM_AUDIT_LOG.TARGET_ID, targetId == null ? null : targetId.toString())
			.set(PLATFORM_AUDIT_LOG.DETAILS, JSONB.valueOf(JSON.writeValueAsString(details)))
			.set(PLATFORM_AUDIT_LOG.IP, request == null ? null : clientAddress.of(request))
			.set(PLATFORM_AUDIT_LOG.REQUEST_ID, MDC.get(RequestIdFilter.MDC_KEY))
			.execute();
	}

	private static HttpServletRequest currentRequest() {
		return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attrs
				? attrs.getRequest() : null;
	}

	private static String truncate(String value) {
		return value == null || value.length() <= 300 ? value : value.substring(0, 300);
	}

}
