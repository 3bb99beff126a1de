package io.sokoni.platform.seo;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.sokoni.platform.Ids;
import io.sokoni.platform.audit.AuditTrail;
import io.sokoni.platform.store.StoreService;
import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems.FieldProblem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** SEO pages of the bound tenant, for the merchant admin: create, edit, publish, unpublish, delete. */
@Service
public class SeoPageService {

	private static final OffsetDateTime EARLIEST_PUBLISH = OffsetDateTime.parse("1970-01-01T00:00:00Z");

	private static final OffsetDateTime LATEST_PUBLISH = OffsetDateTime.parse("9999-12-31T23:59:59.999999Z");

	private final SeoPageRepository pages;

	private final StoreService stores;

	private final AuditTrail audit;

	private final JsonMapper json;

	SeoPageService(SeoPageRepository pages, StoreService stores, AuditTrail audit, JsonMapper json) {
		this.pages = pages;
		this.stores = stores;
		this.audit = audit;
		this.json = json;
	}

	/** A page as the merchant writes it; structured data as JSON (or a string holding JSON). */
	public record Draft(String kind, String slug, String title, String metaDescription, String body,
			JsonNode structuredData, Boolean indexable) {
	}

	/** The fields a PATCH changes: null leaves one as it is, {@code clear} names the ones to empty. */
	public record Changes(String kind, String slug, String title, String metaDescription, String body,
			JsonNode structuredData, Boolean indexable, Set<String> clear) {
	}

	@Transactional(readOnly = true)
	public List<SeoPage> list(UUID storeId, String kind, Boolean published, UUID after, int limit) {
		return pages.list(storeId, kind, published, after, limit);
	}

	@Transactional(readOnly = true)
	public SeoPage get(UUID id) {
		return pages.find(id).orElseThrow(() -> ApiException.notFound("Page"));
	}

	@Transactional
	public SeoPage create(UUID storeId, Draft d) {
		if (stores.find(storeId).isEmpty()) {
			throw ApiException.notFound("Store");
		}
		SeoPageValues values = new SeoPageValues(d.kind(), d.slug(), d.title().strip(), blankToNull(d.metaDescription()),
				d.body() == null ? "" : d.body(), StructuredData.check(d.structuredData(), json),
				d.indexable() == null || d.indexable());
		SeoPage created = pages.insert(Ids.next(), storeId, values);
		audit.record("seo_page.created", "seo_page", created.id(),
				Map.of("storeId", storeId, "slug", created.slug(), "kind", created.kind()));
		return created;
	}

	@Transactional
	public SeoPage update(UUID id, long expectedVersion, Changes c) {
		SeoPage current = get(id);
		if (current.version() != expectedVersion) {
			throw ApiException.staleVersion("The page");
		}
		Set<String> clear = c.clear() == null ? Set.of() : c.clear();
		String structuredData = clear.contains("structuredData") ? null
				: c.structuredData() != null ? StructuredData.check(c.structuredData(), json)
						: current.structuredData() == null ? null : json.writeValueAsString(current.structuredData());
		SeoPageValues values = new SeoPageValues(or(c.kind(), current.kind()), or(c.slug(), current.slug()),
				c.title() != null ? c.title().strip() : current.title(),
				clear.contains("metaDescription") ? null : or(blankToNull(c.metaDescription()), current.metaDescription()),
				or(c.body(), current.body()), structuredData, or(c.indexable(), current.indexable()));
		SeoPage updated = pages.update(id, expectedVersion, values)
			.orElseThrow(() -> ApiException.staleVersion("The page"));
		audit.record("seo_page.updated", "seo_page", id, Map.of("slug", updated.slug(), "version", updated.version()));
		return updated;
	}

	/** Publishes now, or at {@code at} (a future date schedules the page; a past one backdates it). */
	@Transactional
	public SeoPage publish(UUID id, OffsetDateTime at) {
		// Java reads years PostgreSQL cannot store (past 294276), which failed as a conflict; no web page
		// is older than 1970, and a page due after 9999 is never.
		if (at != null && (at.isBefore(EARLIEST_PUBLISH) || at.isAfter(LATEST_PUBLISH))) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "The request has invalid fields",
					Map.of("errors", List.of(new FieldProblem("publishAt", "must be from 1970 to 9999"))));
		}
		SeoPage updated = pages.setPublishedAt(id, at, false)
			.orElseThrow(() -> ApiException.notFound("Page"));
		audit.record("seo_page.published", "seo_page", id,
				Map.of("slug", updated.slug(), "publishedAt", updated.publishedAt().toString()));
		return updated;
	}

	@Transactional
	public SeoPage unpublish(UUID id) {
		SeoPage updated = pages.setPublishedAt(id, null, true).orElseThrow(() -> ApiException.notFound("Page"));
		audit.record("seo_page.unpublished", "seo_page", id, Map.of("slug", updated.slug()));
		return updated;
	}

	@Transactional
	public void delete(UUID id) {
		SeoPage page = get(id);
		pages.delete(id);
		audit.record("seo_page.deleted", "seo_page", id, Map.of("slug", page.slug()));
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

	private static <T> T or(T value, T fallback) {
		return value != null ? value : fallback;
	}

}
