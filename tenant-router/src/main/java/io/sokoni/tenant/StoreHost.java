package io.sokoni.tenant;

import java.util.UUID;

/** What a verified host name leads to: a store of a tenant, and whether that tenant may be served. */
public record StoreHost(String host, TenantId tenant, UUID storeId, boolean tenantActive) {
}
