package io.sokoni.platform.catalog;

/** Formats the catalog schema's check constraints enforce, mirrored for request validation. */
final class CatalogPatterns {

	/** Category slugs: lower-case letters, digits and inner hyphens, at most 100 characters. */
	static final String CATEGORY_SLUG = "^[a-z0-9](?:[a-z0-9-]{0,98}[a-z0-9])?$";

	/** Product slugs: like category slugs, at most 150 characters. */
	static final String PRODUCT_SLUG = "^[a-z0-9](?:[a-z0-9-]{0,148}[a-z0-9])?$";

	static final String SKU = "^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$";

	static final String BARCODE = "^[A-Za-z0-9-]{4,64}$";

	static final String PRODUCT_STATUS = "^(draft|active|archived)$";

	private CatalogPatterns() {
	}

}
