/**
 * WhatsApp messages Sokoni sends: the Graph API client, order notifications from the outbox, and the
 * sender that delivers every queued message (notifications, cart replies, merchant replies) within Meta's
 * rules (24-hour window, templates, throughput).
 */
package io.sokoni.platform.whatsapp.outbound;
