/**
 * WhatsApp inbound: the signed webhook (handshake, signature over the raw bytes, bodies stored raw in
 * the control database by group commits and answered at once), the worker that processes stored
 * deliveries (tenant by phone-number id, threads and messages de-duplicated by wamid, statuses in rank
 * order, STOP/START, location quotes, catalog orders turned into WhatsApp carts with a queued reply).
 */
package io.sokoni.platform.whatsapp.inbound;
