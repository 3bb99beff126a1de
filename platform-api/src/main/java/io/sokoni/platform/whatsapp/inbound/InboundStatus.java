package io.sokoni.platform.whatsapp.inbound;

import java.time.Instant;

/**
 * One entry of a delivery's {@code value.statuses[]}: a status update of a message Sokoni sent, with the
 * {@code biz_opaque_callback_data} the send carried (Meta echoes it; null when absent).
 */
record InboundStatus(String wamid, String status, Instant timestamp, Integer errorCode, String errorTitle,
		String callbackData) {
}
