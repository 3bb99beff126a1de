package io.sokoni.platform.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the shopper-facing pages of a store live, for links Sokoni writes into sitemaps, robots.txt and
 * structured data: always absolute, always on the host the request came in on (the store's custom
 * domain or its platform subdomain), so a search engine never learns one store's URLs from another's
 * host. The storefront front end serves these paths; {@code {slug}} is replaced by the item's slug
 * (slugs are [a-z0-9-] only, so they need no escaping in a URL or in XML).
 *
 * @param scheme https in production; http only for local development
 * @param productPath the path of a product page
 * @param categoryPath the path of a category page
 * @param pagePath the path of an SEO page (landing page, blog post)
 */
@ConfigurationProperties("sokoni.storefront.urls")
@Validated
public record StorefrontUrls(@DefaultValue("https") @Pattern(regexp = "https?") String scheme,
		@DefaultValue("/products/{slug}") @NotBlank @Pattern(regexp = "/[A-Za-z0-9/_.-]*\\{slug}[A-Za-z0-9/_.-]*") String productPath,
		@DefaultValue("/categories/{slug}") @NotBlank @Pattern(regexp = "/[A-Za-z0-9/_.-]*\\{slug}[A-Za-z0-9/_.-]*") String categoryPath,
		@DefaultValue("/pages/{slug}") @NotBlank @Pattern(regexp = "/[A-Za-z0-9/_.-]*\\{slug}[A-Za-z0-9/_.-]*") String pagePath) {

	/** {@code https://host} */
	public String origin(String host) {
		return scheme + "://" + host;
	}

	public String product(String host, String slug) {
		return origin(host) + productPath.replace("{slug}", slug);
	}

	public String category(String host, String slug) {
		return origin(host) + categoryPath.replace("{slug}", slug);
	}

	public String page(String host, String slug) {
		return origin(host) + pagePath.replace("{slug}", slug);
	}

}
