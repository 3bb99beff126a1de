package io.sokoni.platform.catalog;

import java.io.IOException;
import java.net.URI;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Bulk catalog imports (CSV or JSON) for the merchant admin; progress is polled by id. */
@RestController
@RequestMapping("/admin/v1/catalog/imports")
@Tag(name = "Admin: catalog imports")
@SecurityRequirement(name = "bearer")
@Validated
class AdminCatalogImportController {

	private static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");

	private final ImportService imports;

	AdminCatalogImportController(ImportService imports) {
		this.imports = imports;
	}

	@Operation(description = "Body: a JSON array of products shaped like a product create request, or CSV with "
			+ "one row per variant (columns product_slug, product_name, description, status, brand, category_slug, "
			+ "base_price_cents, currency, sku, barcode, variant_name, price_cents, size, colour, model; rows "
			+ "sharing product_slug form one product). At most 100,000 rows (413 beyond). Answers 202 at once; poll "
			+ "the Location for progress. 429 with Retry-After while this instance runs its maximum of imports.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = { @Content(mediaType = MediaType.APPLICATION_JSON_VALUE), @Content(mediaType = "text/csv") }))
	@PostMapping(consumes = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	@ResponseStatus(HttpStatus.ACCEPTED)
	@PreAuthorize("hasRole('STAFF')")
	ResponseEntity<CatalogImport> start(@RequestParam UUID storeId,
			@RequestParam(defaultValue = "all_or_nothing") @Pattern(regexp = "^(all_or_nothing|valid_only)$") String mode,
			@RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType, HttpServletRequest request)
			throws IOException {
		// The body is read from the request's stream here, once the role was checked (a @RequestBody would be
		// read whole before it), and streamed: rows are parsed as they arrive, never the whole body held.
		String format = MediaType.parseMediaType(contentType).isCompatibleWith(TEXT_CSV) ? "csv" : "json";
		CatalogImport started = imports.start(storeId, format, mode, request.getInputStream());
		return ResponseEntity.accepted()
			.location(URI.create("/admin/v1/catalog/imports/" + started.id()))
			.body(started);
	}

	@GetMapping("/{id}")
	CatalogImport get(@PathVariable UUID id) {
		return imports.get(id);
	}

}
