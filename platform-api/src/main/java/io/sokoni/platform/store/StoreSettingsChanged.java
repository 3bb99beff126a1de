package io.sokoni.platform.store;

import java.util.UUID;

import io.sokoni.tenant.TenantId;

/**
 * A store's settings changed (published inside the changing transaction): what caches a store's answers
 * drops them once it commits, on every instance.
 */
public record StoreSettingsChanged(TenantId tenant, UUID storeId) {
}
