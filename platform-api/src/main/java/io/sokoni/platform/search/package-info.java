/** Product search: Meilisearch fed from the outbox, PostgreSQL full-text search as the fallback, tenant tokens. */
package io.sokoni.platform.search;
