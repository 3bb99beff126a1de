package io.sokoni.platform.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import io.sokoni.tenant.TenantId;

/**
 * Meilisearch filter expressions built from server state and typed values only. Every value is quoted
 * and escaped, so a value can never close its string and add a clause of its own.
 */
final class MeilisearchFilters {

	private MeilisearchFilters() {
	}

	/** The clauses every search of a store must carry (AND-ed): its tenant, its store, active products. */
	static List<String> scope(TenantId tenant, UUID storeId) {
		List<String> clauses = new ArrayList<>();
		clauses.add("tenant_id = " + quote(tenant.toString()));
		clauses.add("store_id = " + quote(storeId.toString()));
		clauses.add("status = " + quote("active"));
		return clauses;
	}

	/** The same scope as one expression (a tenant token's search rule). */
	static String scopeExpression(TenantId tenant, UUID storeId) {
		return String.join(" AND ", scope(tenant, storeId));
	}

	static String anyCategory(Collection<UUID> categoryIds) {
		return "category_ids IN [" + categoryIds.stream().map(id -> quote(id.toString())).collect(Collectors.joining(", "))
				+ "]";
	}

	/** A string value in double quotes, with backslashes and double quotes escaped. */
	static String quote(String value) {
		return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

}
