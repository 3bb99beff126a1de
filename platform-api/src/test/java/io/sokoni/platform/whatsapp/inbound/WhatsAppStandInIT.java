package io.sokoni.platform.whatsapp.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.Fixtures.TestTenant;
import io.sokoni.platform.support.TenantSql;
import org.junit.jupiter.api.Test;

/**
 * The Graph stand-in's posting side: signed inbound messages and duplicates on request, statuses in the
 * order asked, and sent/delivered/read for every message its send side accepted.
 */
class WhatsAppStandInIT extends WhatsAppInboundTestBase {

	@Test
	void itPostsSignedMessagesAndDuplicatesOnRequest() {
		TestTenant tenant = fixtures().tenant();
		String number = registerNumber(tenant.id());
		String from = shopper();
		Response posted = api().post("/graph-standin/simulate/messages")
			.body(Map.of("phoneNumberId", number, "from", from, "name", "Baraka", "text", "Niko na swali / é",
					"copies", 3, "concurrent", true))
			.send();
		assertThat(posted.status()).as(posted.toString()).isEqualTo(200);
		assertThat(posted.json().path("answers").toString()).isEqualTo("[200,200,200]");
		String wamid = posted.json().path("wamid").asString();
		await("recorded once", () -> deliveries("select 1 from app.whatsapp_webhook_deliveries where body like ? "
				+ "and processed_at is not null", "%" + wamid + "%").size() == 3);
		assertThat(rows(tenant.id(), "select body from app.whatsapp_messages where wamid = ?", wamid))
			.extracting(r -> r.get("body"))
			.containsExactly("Niko na swali / é");

		Response bad = api().post("/graph-standin/simulate/messages")
			.body(Map.of("phoneNumberId", number, "from", from, "type", "video"))
			.send();
		assertThat(bad.status()).isEqualTo(400);
	}

	@Test
	void itPostsStatusesForWhatItsSendSideAcceptedAndInTheOrderAsked() {
		TestTenant tenant = fixtures().tenant();
		String number = registerNumber(tenant.id());
		String from = shopper();
		api().post("/graph-standin/simulate/messages").body(Map.of("phoneNumberId", number, "from", from)).send();
		await("thread", () -> count(tenant.id(), "select count(*) from app.whatsapp_threads") == 1);
		Response sent = api().post("/graph-standin/v21.0/" + number + "/messages")
			.bearer("any-token")
			.body(Map.of("messaging_product", "whatsapp", "to", from, "type", "text", "text", Map.of("body", "Asante!")))
			.send();
		assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
		String wamid = sent.json().path("messages").path(0).path("id").asString();
		await("sent, delivered and read posted back", () -> count(tenant.id(),
				"select count(*) from app.whatsapp_message_statuses where wamid = ?", wamid) == 3);

		String other = "wamid.HBgMSTANDIN" + UUID.randomUUID().toString().replace("-", "").toUpperCase();
		TenantSql.run(tenant.id(), jdbc -> jdbc.update("""
				insert into app.whatsapp_messages (tenant_id, id, thread_id, direction, wamid, kind, body, status)
				select tenant_id, ?, id, 'outbound', ?, 'text', 'Hi', 'sent' from app.whatsapp_threads""",
				UUID.randomUUID(), other));
		Response reordered = api().post("/graph-standin/simulate/statuses")
			.body(Map.of("phoneNumberId", number, "wamid", other, "recipient", from, "statuses",
					List.of("read", "delivered", "sent")))
			.send();
		assertThat(reordered.status()).as(reordered.toString()).isEqualTo(200);
		await("read whatever the order", () -> count(tenant.id(),
				"select count(*) from app.whatsapp_messages where wamid = ? and status = 'read' and sent_at is not null",
				other) == 1);
	}

}
