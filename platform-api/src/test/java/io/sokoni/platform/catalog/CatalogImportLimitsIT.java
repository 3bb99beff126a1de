package io.sokoni.platform.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * Issue 18 item 2: an import body is read as a stream after the role check, stops at the row limit, and
 * an instance reads, queues or runs only a bounded number of imports at once (4 by default).
 */
class CatalogImportLimitsIT extends ApiTestBase {

	private static final String HEADER = "product_slug,product_name,base_price_cents,currency,sku,price_cents";

	/** Under the 20 MB import limit. */
	private static final int TWENTY_MILLION = 20_000_000;

	@Test
	void aViewerIsRefusedBeforeTheBodyIsRead() throws IOException {
		TestTenant tenant = fixtures().tenant();
		String viewer = fixtures().staffMember(tenant, "viewer");
		// 20 MB announced, 10 bytes sent, then nothing: only an answer that does not wait for the body comes.
		try (RawHttp upload = upload(tenant, viewer, TWENTY_MILLION, "text/csv", i -> i == 0 ? bytes("product_sl") : null)) {
			assertThat(upload.status()).isEqualTo(403);
		}
	}

	@Test
	void tenMillionOneLetterLinesAreRefusedAtTheHeader() throws IOException {
		TestTenant tenant = fixtures().tenant();
		byte[] lines = repeat("a\n", 500_000); // 1 MB
		try (RawHttp upload = upload(tenant, tenant.ownerToken(), 20 * lines.length, "text/csv",
				i -> i < 20 ? lines : null)) {
			assertThat(upload.status()).isEqualTo(400);
		}
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.catalog_imports")).isZero();
	}

	@Test
	void tenMillionRowsAreRefusedAtTheRowLimit() throws IOException {
		TestTenant tenant = fixtures().tenant();
		byte[] header = bytes(HEADER + "\n");
		byte[] rows = repeat("x\n", 500_000);
		try (RawHttp upload = upload(tenant, tenant.ownerToken(), header.length + 19 * rows.length, "text/csv",
				i -> i == 0 ? header : i < 20 ? rows : null)) {
			String head = upload.head();
			assertThat(head).startsWith("HTTP/1.1 413");
		}
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.catalog_imports")).isZero();
	}

	@Test
	void millionsOfEmptyJsonObjectsAreRefusedAtTheRowLimit() throws IOException {
		TestTenant tenant = fixtures().tenant();
		byte[] objects = repeat("{},", 333_333); // about 1 MB
		int length = 1 + 19 * objects.length + 3;
		try (RawHttp upload = upload(tenant, tenant.ownerToken(), length, "application/json",
				i -> i == 0 ? bytes("[") : i < 20 ? objects : i == 20 ? bytes("{}]") : null)) {
			assertThat(upload.status()).isEqualTo(413);
		}
		assertThat(TenantRows.count(tenant.id(), "select count(*) from app.catalog_imports")).isZero();
	}

	@Test
	void importsBeyondTheInstanceBoundAre429WithRetryAfterUntilOneEnds() throws IOException {
		TestTenant tenant = fixtures().tenant();
		int places = context.getBean(CatalogProperties.class).importMaxConcurrent();
		// Imports whose bodies arrive slowly hold every place while they are read.
		List<RawHttp> slow = new ArrayList<>();
		try {
			for (int i = 0; i < places; i++) {
				slow.add(upload(tenant, tenant.ownerToken(), 1_000_000, "text/csv",
						n -> n == 0 ? bytes(HEADER + "\n") : null));
			}
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
				Response next = smallImport(tenant, "busy-" + System.nanoTime());
				if (next.status() == 429) {
					assertThat(next.header("Retry-After")).isNotBlank();
					assertThat(next.problemType()).isEqualTo("too-many-requests");
					return true;
				}
				return false;
			});
		}
		finally {
			for (RawHttp upload : slow) {
				upload.close();
			}
		}
		// The slow uploads' connections closed: their places are free again.
		await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> smallImport(tenant, "after-" + System.nanoTime()).status() == 202);
	}

	private Response smallImport(TestTenant tenant, String slug) {
		return api().post("/admin/v1/catalog/imports?mode=valid_only&storeId=" + tenant.storeId())
			.bearer(tenant.ownerToken())
			.header("Content-Type", "text/csv")
			.raw(HEADER + "\n" + slug + ",P,100,KES," + slug + ",100\n")
			.send();
	}

	private RawHttp upload(TestTenant tenant, String token, long length, String contentType,
			java.util.function.IntFunction<byte[]> chunk) throws IOException {
		return new RawHttp(port, "POST /admin/v1/catalog/imports?mode=valid_only&storeId=" + tenant.storeId()
				+ " HTTP/1.1", Map.of("Authorization", "Bearer " + token, "Content-Type", contentType,
						"Content-Length", Long.toString(length)), chunk);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] repeat(String unit, int times) {
		byte[] one = bytes(unit);
		byte[] all = new byte[one.length * times];
		for (int i = 0; i < times; i++) {
			System.arraycopy(one, 0, all, i * one.length, one.length);
		}
		return all;
	}

}
