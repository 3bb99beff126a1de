package io.sokoni.platform.web;

/** Regular expressions shared by request validation and mirrored by the schema's check constraints. */
public final class Patterns {

	/** Tenant and store slugs: lower-case letters, digits and inner hyphens, at most 50 characters. */
	public static final String SLUG = "^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$";

	/** ISO 4217 currency code. */
	public static final String CURRENCY = "^[A-Z]{3}$";

	/** A DNS host name of at least two labels, lower case. */
	public static final String HOST = "^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,62}$";

	/** An http(s) URL. */
	public static final String HTTP_URL = "^https?://[^\\s]{1,2000}$";

	/**
	 * An email address as the schema's checks accept it ({@code ^[^@\s]+@[^@\s]+\.[^@\s]+$}): one
	 * {@code @}, a dot in the domain, no white space. Used beside {@code @Email}, which alone accepts
	 * addresses such as {@code a@localhost} that the database refuses (see {@link ValidEmail}).
	 */
	public static final String EMAIL = "^[^@\\s\\p{Z}]+@[^@\\s\\p{Z}]+\\.[^@\\s\\p{Z}]+$";

	private Patterns() {
	}

}
