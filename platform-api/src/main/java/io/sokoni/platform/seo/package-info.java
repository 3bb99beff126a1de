/**
 * Being found: each store's sitemap and robots.txt on its own domain, SEO pages (area and category
 * landing pages, blog posts) served by slug, and the store's SEO defaults.
 */
package io.sokoni.platform.seo;
