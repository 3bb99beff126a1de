package io.sokoni.platform.whatsapp.inbound;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One entry of a delivery's {@code value.messages[]}, with what its change said around it.
 * @param from        the sender's wa_id as Meta sent it (digits)
 * @param profileName the sender's WhatsApp profile name from {@code value.contacts[]}, if given
 * @param timestamp   Meta's timestamp of the message
 * @param message     the message object itself
 */
record InboundMessage(String phoneNumberId, String wamid, String from, String profileName, Instant timestamp,
		String type, JsonNode message) {
}
