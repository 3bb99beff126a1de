package io.sokoni.platform.search;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Product search. Without a Meilisearch URL the platform searches PostgreSQL (full-text) and the
 * indexer only drains the outbox.
 *
 * @param fallback what a search does while Meilisearch cannot be reached: answer from PostgreSQL, or
 * 503
 * @param meilisearch the Meilisearch instance, if any
 */
@ConfigurationProperties("sokoni.search")
public record SearchProperties(@DefaultValue("postgres") Fallback fallback, @DefaultValue Meilisearch meilisearch) {

	/** Behaviour of searches while Meilisearch is down. */
	public enum Fallback {

		POSTGRES, UNAVAILABLE

	}

	/**
	 * @param url base URL the platform calls (blank: no Meilisearch)
	 * @param apiKey key with document and settings rights on the index (never leaves the server)
	 * @param searchKey key with the search action on the index; signs tenant tokens
	 * @param searchKeyUid the uid of that key ({@code apiKeyUid} of tenant tokens)
	 * @param publicUrl the URL browsers use with a tenant token (defaults to {@code url})
	 * @param index the index uid
	 * @param tokenTtl how long a tenant token lives, at most an hour
	 * @param taskTimeout how long to wait for an indexing task to finish
	 * @param batchSize documents per indexing request
	 */
	public record Meilisearch(String url, String apiKey, String searchKey, String searchKeyUid, String publicUrl,
			@DefaultValue("products") String index, @DefaultValue("1h") Duration tokenTtl,
			@DefaultValue("10s") Duration taskTimeout, @DefaultValue("500") int batchSize) {

		public Meilisearch {
			if (tokenTtl.isNegative() || tokenTtl.isZero() || tokenTtl.compareTo(Duration.ofHours(1)) > 0) {
				throw new IllegalArgumentException("sokoni.search.meilisearch.token-ttl must be between 1s and 1h");
			}
			if (searchKey != null && !searchKey.isBlank() && searchKey.length() < 32) {
				// HS256 needs a 256-bit secret; Meilisearch keys are 64 characters.
				throw new IllegalArgumentException("sokoni.search.meilisearch.search-key is too short for HS256");
			}
			if (batchSize < 1 || batchSize > 10_000) {
				throw new IllegalArgumentException("sokoni.search.meilisearch.batch-size must be 1..10000");
			}
		}

		public boolean enabled() {
			return url != null && !url.isBlank();
		}

		/** Whether tenant tokens can be issued: Meilisearch, a search key and its uid are configured. */
		public boolean tokensEnabled() {
			return enabled() && searchKey != null && !searchKey.isBlank() && searchKeyUid != null
					&& !searchKeyUid.isBlank();
		}

		public String browserUrl() {
			return publicUrl != null && !publicUrl.isBlank() ? publicUrl : url;
		}

	}

}
