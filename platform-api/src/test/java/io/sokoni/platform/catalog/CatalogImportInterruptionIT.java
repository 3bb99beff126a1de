package io.sokoni.platform.catalog;

import static io.sokoni.platform.catalog.CatalogFixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Imports whose instance stopped are declared interrupted; imports the instance still runs are kept
 * alive by its heartbeat; a worker that finds its import interrupted stops without saving more.
 */
class CatalogImportInterruptionIT extends ApiTestBase {

	@Test
	void runningImportsWithoutRecentHeartbeatAreInterruptedInEveryTenantAndOthersKept() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		for (TestTenant t : List.of(a, b)) {
			UUID stale = insertImport(t, "running", "10 minutes");
			UUID fresh = insertImport(t, "running", "10 seconds");
			UUID completed = insertImport(t, "completed", "10 minutes");

			assertThat(sweep()).isGreaterThanOrEqualTo(1);

			JsonNode interrupted = get(t, stale);
			assertThat(interrupted.path("status").asString()).isEqualTo("interrupted");
			assertThat(interrupted.path("finishedAt").isNull()).isFalse();
			assertThat(get(t, fresh).path("status").asString()).isEqualTo("running");
			assertThat(get(t, completed).path("status").asString()).isEqualTo("completed");
			assertThat(get(t, completed).path("finishedAt").isNull()).isTrue();
		}
		assertThat(sweep()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "all_or_nothing", "valid_only" })
	void aBlockedImportIsKeptAliveByItsInstanceAndOnceDeclaredInterruptedSavesNothingMore(String mode)
			throws Exception {
		TestTenant tenant = fixtures().tenant();
		JsonNode category = new CatalogFixtures(api()).createCategory(tenant, "Shirts", null);
		// Holding the category row stops the import's product inserts at their foreign key check.
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Void> blocker = CompletableFuture.runAsync(() -> TenantSql.run(tenant.id(), jdbc -> {
			jdbc.queryForList("select id from app.categories where id = ? for update", id(category));
			locked.countDown();
			await().atMost(Duration.ofSeconds(60)).until(() -> release.await(100, TimeUnit.MILLISECONDS));
		}));
		assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();

		Response started = api().post("/admin/v1/catalog/imports?mode=" + mode + "&storeId=" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.header("Content-Type", "text/csv")
			.raw("product_slug,product_name,description,status,brand,category_slug,base_price_cents,currency,sku,"
					+ "barcode,variant_name,price_cents,size,colour,model\n" + row(1, category) + row(2, category))
			.send();
		assertThat(started.status()).as(started.toString()).isEqualTo(202);
		UUID importId = id(started.json());
		await().atMost(Duration.ofSeconds(30))
			.until(() -> TenantRows.count(tenant.id(),
					"select count(*) from pg_locks where not granted") > 0);

		// Alive: the instance's heartbeat renews an import it still runs, and the sweep leaves it be.
		ageHeartbeat(tenant, importId);
		context.getBean(ImportService.class).heartbeat();
		assertThat(TenantRows.count(tenant.id(),
				"select count(*) from app.catalog_imports where id = ? and heartbeat_at > now() - interval '1 minute'",
				importId))
			.isEqualTo(1);
		sweep();
		assertThat(get(tenant, importId).path("status").asString()).isEqualTo("running");

		// No heartbeat for too long (as if the instance had died): declared interrupted.
		ageHeartbeat(tenant, importId);
		assertThat(sweep()).isEqualTo(1);
		assertThat(get(tenant, importId).path("status").asString()).isEqualTo("interrupted");

		// The worker was only blocked: released, it finds the import interrupted and rolls its chunk back.
		release.countDown();
		blocker.get(30, TimeUnit.SECONDS);
		ImportService imports = context.getBean(ImportService.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> !imports.isActive(importId));
		JsonNode after = get(tenant, importId);
		assertThat(after.path("status").asString()).isEqualTo("interrupted");
		assertThat(after.path("savedRows").asInt()).isZero();
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.products")).isZero();
		assertThat(TenantRows.count(tenant.id(),
				"select count(*) from app.outbox_events where event_type = 'product.upserted'")).isZero();
	}

	private static String row(int n, JsonNode category) {
		return "tee-" + n + ",Tee " + n + ",,active,," + category.path("slug").asString() + ",1000,KES,TEE-" + n
				+ ",,One size,1000,,,\n";
	}

	private int sweep() {
		return context.getBean(InterruptedImportSweep.class).sweep();
	}

	private JsonNode get(TestTenant tenant, UUID importId) {
		Response response = api().get("/admin/v1/catalog/imports/" + importId).bearer(tenant.ownerToken()).send();
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		return response.json();
	}

	private static UUID insertImport(TestTenant tenant, String status, String heartbeatAge) {
		UUID id = UUID.randomUUID();
		TenantSql.run(tenant.id(), jdbc -> jdbc.update("""
				insert into app.catalog_imports (tenant_id, id, store_id, format, mode, status, heartbeat_at)
				values (?, ?, ?, 'csv', 'valid_only', ?, now() - cast(? as interval))""", tenant.id(), id,
				tenant.storeId(), status, heartbeatAge));
		return id;
	}

	private static void ageHeartbeat(TestTenant tenant, UUID importId) {
		TenantSql.run(tenant.id(), jdbc -> jdbc.update(
				"update app.catalog_imports set heartbeat_at = now() - interval '10 minutes' where id = ?", importId));
	}

}
