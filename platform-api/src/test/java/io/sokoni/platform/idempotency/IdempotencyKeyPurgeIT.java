package io.sokoni.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;

class IdempotencyKeyPurgeIT extends ApiTestBase {

	@Test
	void keysOlderThanTheRetentionAreDeletedInEveryTenantAndYoungerOnesKept() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		for (TestTenant t : List.of(a, b)) {
			insertKey(t.id(), "old-" + t.id(), "8 days");
			insertKey(t.id(), "young-" + t.id(), "6 days");
		}

		int purged = context.getBean(IdempotencyKeyPurge.class).purge();

		assertThat(purged).isGreaterThanOrEqualTo(2);
		for (TestTenant t : List.of(a, b)) {
			assertThat(keys(t.id())).containsExactly("young-" + t.id());
		}
	}

	private static void insertKey(UUID tenant, String key, String age) {
		TenantSql.run(tenant, jdbc -> jdbc.update("""
				insert into app.idempotency_keys (tenant_id, id, scope, idempotency_key, request_hash, created_at)
				values (?, ?, 'checkout', ?, 'h', now() - cast(? as interval))""", tenant, UUID.randomUUID(), key, age));
	}

	private static List<String> keys(UUID tenant) {
		return TenantSql.call(tenant, jdbc -> jdbc.queryForList(
				"select idempotency_key from app.idempotency_keys where tenant_id = ? order by 1", String.class, tenant));
	}

}
