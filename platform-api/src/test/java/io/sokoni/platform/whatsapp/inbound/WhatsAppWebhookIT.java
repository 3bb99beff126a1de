package io.sokoni.platform.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.whatsapp.standin.StandInWebhooks;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The webhook's front door: Meta's handshake, the signature over the exact bytes, raw storage before
 * any parsing, unknown numbers, and the sweep that finishes what a crash left.
 */
class WhatsAppWebhookIT extends WhatsAppInboundTestBase {

	@Test
	void handshakeEchoesTheChallengeOnlyForTheRightToken() {
		Answer ok = get("hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=1158201444");
		assertThat(ok.status()).isEqualTo(200);
		assertThat(ok.body()).isEqualTo("1158201444");
		assertThat(ok.contentType()).startsWith("text/plain");

		Answer wrong = get("hub.mode=subscribe&hub.verify_token=" + VERIFY_TOKEN + "x&hub.challenge=1158201444");
		assertThat(wrong.status()).isEqualTo(403);
		assertThat(wrong.body()).doesNotContain("1158201444");
		assertThat(get("hub.mode=unsubscribe&hub.verify_token=" + VERIFY_TOKEN + "&hub.challenge=1").status())
			.isEqualTo(403);
		assertThat(get("hub.mode=subscribe&hub.challenge=1").status()).isEqualTo(403);
	}

	@Test
	void aSignedDeliveryIsStoredExactlyAsReceivedAndProcessed() {
		TestTenant tenant = fixtures().tenant();
		String number = registerNumber(tenant.id());
		String from = shopper();
		String wamid = StandInWebhooks.newWamid();
		// Meta's own serialisation: non-ASCII escaped, '/' escaped.
		String said = "Habari! Café na chai 🍵, bei ya 1/2 kg? https://duka.example/p/1";
		byte[] bytes = StandInWebhooks.metaBytes(textDelivery(number, from, wamid, said));
		String asText = new String(bytes, StandardCharsets.UTF_8);
		assertThat(asText).contains("\\u00e9", "\\ud83c\\udf75", "1\\/2", "https:\\/\\/duka.example");

		Answer answer = post(bytes, SIGNATURE.sign(bytes));
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(deliveries("select body from app.whatsapp_webhook_deliveries where body like ?", "%" + wamid + "%"))
			.extracting(r -> r.get("body"))
			.containsExactly(asText);
		await("the message recorded", () -> count(tenant.id(),
				"select count(*) from app.whatsapp_messages where wamid = ? and body = ?", wamid, said) == 1);
		await("the delivery marked processed", () -> deliveries(
				"select 1 from app.whatsapp_webhook_deliveries where body like ? and processed_at is not null",
				"%" + wamid + "%").size() == 1);
	}

	@Test
	void aSignatureOverAReSerialisedBodyIsRefused() {
		TestTenant tenant = fixtures().tenant();
		String number = registerNumber(tenant.id());
		String wamid = StandInWebhooks.newWamid();
		ObjectNode delivery = textDelivery(number, shopper(), wamid, "Asante sana, ndiyo 👍 a/b");
		byte[] received = StandInWebhooks.metaBytes(delivery);
		// What a framework re-serialising the parsed body would sign: the same JSON, other bytes.
		byte[] reserialised = delivery.toString().getBytes(StandardCharsets.UTF_8);
		assertThat(reserialised).isNotEqualTo(received);

		Answer answer = post(received, SIGNATURE.sign(reserialised));
		assertThat(answer.status()).isEqualTo(403);
		assertThat(answer.contentType()).startsWith("application/problem+json");
		assertThat(stored(wamid)).isZero();
	}

	@Test
	void missingOrWrongSignaturesAreRefusedAndNothingIsStored() {
		TestTenant tenant = fixtures().tenant();
		String number = registerNumber(tenant.id());
		String wamid = StandInWebhooks.newWamid();
		byte[] bytes = StandInWebhooks.metaBytes(textDelivery(number, shopper(), wamid, "Hi"));

		Answer missing = post(bytes, null);
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.contentType()).startsWith("application/problem+json");
		assertThat(post(bytes, "sha256=" + "0".repeat(64)).status()).isEqualTo(403);
		assertThat(post(bytes, new WebhookSignature("another-secret").sign(bytes)).status()).isEqualTo(403);
		assertThat(post(bytes, SIGNATURE.sign(bytes).substring(7)).status()).as("without sha256=").isEqualTo(403);
		assertThat(post(bytes, "sha256=zz").status()).isEqualTo(403);
		byte[] tampered = new String(bytes, StandardCharsets.UTF_8).replace("\"Hi\"", "\"Ho\"")
			.getBytes(StandardCharsets.UTF_8);
		assertThat(post(tampered, SIGNATURE.sign(bytes)).status()).isEqualTo(403);

		assertThat(stored(wamid)).isZero();
		assertThat(count(tenant.id(), "select count(*) from app.whatsapp_messages where wamid = ?", wamid)).isZero();
		// Control: the same body, correctly signed, is taken.
		assertThat(post(bytes, SIGNATURE.sign(bytes)).status()).isEqualTo(200);
		assertThat(stored(wamid)).isEqualTo(1);
	}

	@Test
	void aDeliveryLargerThanTheGeneralBodyLimitIsTaken() {
		TestTenant tenant = fixtures().tenant();
		String number = registerNumber(tenant.id());
		String wamid = StandInWebhooks.newWamid();
		String longText = "Nataka bei ya bidhaa hizi zote tafadhali. ".repeat(2_500); // ~105 KB, over 64 KB
		byte[] bytes = StandInWebhooks.metaBytes(textDelivery(number, shopper(), wamid, longText));
		assertThat(bytes.length).isGreaterThan(64 * 1024);
		assertThat(post(bytes, SIGNATURE.sign(bytes)).status()).isEqualTo(200);
		await("recorded", () -> count(tenant.id(), "select count(*) from app.whatsapp_messages where wamid = ?", wamid) == 1);
	}

	@Test
	void aBodyThatIsNotUtf8IsKeptAsBase64() {
		byte[] bytes = { '{', '"', 'x', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}' };
		assertThat(post(bytes, SIGNATURE.sign(bytes)).status()).isEqualTo(200);
		String base64 = java.util.Base64.getEncoder().encodeToString(bytes);
		assertThat(deliveries("select body_encoding from app.whatsapp_webhook_deliveries where body = ?", base64))
			.extracting(r -> r.get("body_encoding"))
			.containsExactly("base64");
	}

	@Test
	void aDeliveryForAnUnknownNumberIsAnsweredAndDropped() {
		String wamid = StandInWebhooks.newWamid();
		String from = shopper();
		postSigned(textDelivery("999000111222333", from, wamid, "Hello?"));
		await("processed", () -> deliveries(
				"select 1 from app.whatsapp_webhook_deliveries where body like ? and processed_at is not null",
				"%" + wamid + "%").size() == 1);
		assertThat(everyTenantCount("select count(*) from app.whatsapp_messages where wamid = ?", wamid)).isZero();
		assertThat(everyTenantCount("select count(*) from app.whatsapp_threads where wa_id = ?", "+" + from)).isZero();
	}

	@Test
	void severalEntriesAndChangesInOneBodyAreAllHandled() {
		TestTenant a = fixtures().tenant();
		TestTenant b = fixtures().tenant();
		String numberA = registerNumber(a.id());
		String numberB = registerNumber(b.id());
		String wamidA1 = StandInWebhooks.newWamid();
		String wamidA2 = StandInWebhooks.newWamid();
		String wamidB = StandInWebhooks.newWamid();
		ObjectNode body = textDelivery(numberA, shopper(), wamidA1, "one");
		// A second message in the same change, and a second entry for tenant B.
		((tools.jackson.databind.node.ArrayNode) body.path("entry").path(0).path("changes").path(0).path("value")
			.path("messages")).add(textDelivery(numberA, shopper(), wamidA2, "two").path("entry").path(0)
				.path("changes").path(0).path("value").path("messages").path(0));
		((tools.jackson.databind.node.ArrayNode) body.path("entry"))
			.add(textDelivery(numberB, shopper(), wamidB, "three").path("entry").path(0));
		postSigned(body);
		await("both of A's messages", () -> count(a.id(),
				"select count(*) from app.whatsapp_messages where wamid in (?, ?)", wamidA1, wamidA2) == 2);
		await("B's message", () -> count(b.id(), "select count(*) from app.whatsapp_messages where wamid = ?", wamidB) == 1);
		assertThat(count(a.id(), "select count(*) from app.whatsapp_messages where wamid = ?", wamidB)).isZero();
		assertThat(count(b.id(), "select count(*) from app.whatsapp_messages where wamid in (?, ?)", wamidA1, wamidA2))
			.isZero();
	}

	@Test
	void theSweepProcessesADeliveryACrashLeftUnprocessed() {
		TestTenant tenant = fixtures().tenant();
		String number = registerNumber(tenant.id());
		String wamid = StandInWebhooks.newWamid();
		String body = new String(StandInWebhooks.metaBytes(textDelivery(number, shopper(), wamid, "after a crash")),
				StandardCharsets.UTF_8);
		// Stored and leased by an instance that died before processing it.
		List<Map<String, Object>> inserted = deliveries("""
				insert into app.whatsapp_webhook_deliveries (body, claimed_until, attempts)
				values (?, now() - interval '1 second', 1) returning id""", body);
		long id = ((Number) inserted.get(0).get("id")).longValue();
		await("recorded by the sweep", () -> count(tenant.id(),
				"select count(*) from app.whatsapp_messages where wamid = ?", wamid) == 1);
		await("marked processed", () -> deliveries(
				"select attempts from app.whatsapp_webhook_deliveries where id = ? and processed_at is not null", id).size() == 1);
		assertThat(deliveries("select attempts from app.whatsapp_webhook_deliveries where id = ?", id).get(0).get("attempts"))
			.isEqualTo(2);
	}

	@Test
	void aDeliveryStillLeasedIsNotTakenBySweep() {
		TestTenant tenant = fixtures().tenant();
		String number = registerNumber(tenant.id());
		String wamid = StandInWebhooks.newWamid();
		String body = new String(StandInWebhooks.metaBytes(textDelivery(number, shopper(), wamid, "leased")),
				StandardCharsets.UTF_8);
		deliveries("""
				insert into app.whatsapp_webhook_deliveries (body, claimed_until, attempts)
				values (?, now() + interval '1 hour', 1) returning id""", body);
		try {
			Thread.sleep(2_500); // more than two sweeps
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		assertThat(count(tenant.id(), "select count(*) from app.whatsapp_messages where wamid = ?", wamid)).isZero();
	}

	private static long stored(String wamid) {
		return deliveries("select 1 from app.whatsapp_webhook_deliveries where body like ?", "%" + wamid + "%").size();
	}

}
