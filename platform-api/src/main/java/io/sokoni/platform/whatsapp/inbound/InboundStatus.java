package io.sokoni.platform.whatsapp.inbound;

import java.time.Instant;

/** One entry of a delivery's {@code value.statuses[]}: a status update of a message Sokoni sent. */
record InboundStatus(String wamid, String status, Instant timestamp, Integer errorCode, String errorTitle) {
}
