package io.sokoni.tenant;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.slf4j.MDC;

/**
 * The tenant the current thread works for. Request filters bind it for one request; jobs and webhooks
 * use {@link #callAs}/{@link #runAs}. Transactions begun while a tenant is bound are routed to that
 * tenant's database and have {@code app.tenant_id} set for row-level security; with none bound, tenant
 * tables show no rows (fail closed).
 */
public final class TenantContext {

	/** The logging MDC key of the bound tenant. */
	public static final String MDC_KEY = "tenantId";

	private static final ThreadLocal<TenantId> CURRENT = new ThreadLocal<>();

	private TenantContext() {
	}

	public static Optional<TenantId> current() {
		return Optional.ofNullable(CURRENT.get());
	}

	/** The bound tenant; throws {@link NoTenantBoundException} when there is none. */
	public static TenantId require() {
		TenantId tenant = CURRENT.get();
		if (tenant == null) {
			throw new NoTenantBoundException();
		}
		return tenant;
	}

	/**
	 * Binds a tenant until the returned scope is closed; restores what was bound before. The tenant id
	 * is also put in the logging MDC ({@code tenantId}) so every log line carries it.
	 */
	public static Scope bind(TenantId tenant) {
		TenantId previous = CURRENT.get();
		set(tenant);
		return () -> set(previous);
	}

	private static void set(TenantId tenant) {
		if (tenant == null) {
			CURRENT.remove();
			MDC.remove(MDC_KEY);
		}
		else {
			CURRENT.set(tenant);
			MDC.put(MDC_KEY, tenant.toString());
		}
	}

	public static <T> T callAs(TenantId tenant, Supplier<T> work) {
		try (Scope ignored = bind(tenant)) {
			return work.get();
		}
	}

	public static void runAs(TenantId tenant, Runnable work) {
		try (Scope ignored = bind(tenant)) {
			work.run();
		}
	}

	/** Like {@link #callAs} for work that throws checked exceptions. */
	public static <T> T callChecked(TenantId tenant, Callable<T> work) throws Exception {
		try (Scope ignored = bind(tenant)) {
			return work.call();
		}
	}

	/** A binding that ends when closed. */
	@FunctionalInterface
	public interface Scope extends AutoCloseable {

		@Override
		void close();

	}

	/** Tenant-scoped work was attempted with no tenant bound. */
	public static class NoTenantBoundException extends IllegalStateException {

		public NoTenantBoundException() {
			super("No tenant is bound to this thread");
		}

	}

}
