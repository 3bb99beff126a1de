package io.sokoni.platform.whatsapp;

import io.sokoni.tenant.TenantId;

/**
 * Published (as a Spring application event) after a transaction that queued whatsapp_notifications rows
 * committed, so the sender can deliver them now instead of at its next poll (a catalog order's reply).
 */
public record NotificationsQueued(TenantId tenant) {
}
