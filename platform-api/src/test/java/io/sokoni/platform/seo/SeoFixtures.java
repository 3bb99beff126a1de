package io.sokoni.platform.seo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import javax.xml.parsers.DocumentBuilderFactory;

import io.sokoni.platform.support.Api;
import io.sokoni.platform.support.Api.Response;
import io.sokoni.platform.support.Fixtures.TestTenant;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** SEO pages of one tenant through the admin API, and reading sitemaps as a crawler would. */
final class SeoFixtures {

	private final Api api;

	private final TestTenant tenant;

	SeoFixtures(Api api, TestTenant tenant) {
		this.api = api;
		this.tenant = tenant;
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** A valid create request: a blog post with a unique slug; {@code customize} changes fields. */
	Map<String, Object> draft(Consumer<Map<String, Object>> customize) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("storeId", tenant.storeId());
		body.put("kind", "blog");
		body.put("slug", unique("post"));
		body.put("title", "Fresh sukuma wiki in Westlands");
		body.put("metaDescription", "Delivered the same day");
		body.put("body", "<p>Hello</p>");
		body.put("structuredData", Map.of("@context", "https://schema.org", "@type", "Article"));
		customize.accept(body);
		return body;
	}

	/** Creates a page; returns its JSON. */
	Response create(Consumer<Map<String, Object>> customize) {
		return api.post("/admin/v1/seo/pages").bearer(tenant.ownerToken()).body(draft(customize)).send();
	}

	/** Creates and publishes a page; returns its slug. */
	String published(Consumer<Map<String, Object>> customize) {
		Response created = create(customize);
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		String id = created.json().path("id").asString();
		Response published = api.post("/admin/v1/seo/pages/" + id + "/publish").bearer(tenant.ownerToken()).send();
		assertThat(published.status()).as(published.toString()).isEqualTo(200);
		return created.json().path("slug").asString();
	}

	/** The {@code <loc>} values of a sitemap or sitemap index, parsed as XML (fails when not well-formed). */
	static List<String> locs(Response response) {
		assertThat(response.status()).as(response.toString()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("application/xml");
		Document xml = parse(response.body());
		NodeList locs = xml.getElementsByTagNameNS("http://www.sitemaps.org/schemas/sitemap/0.9", "loc");
		List<String> values = new ArrayList<>();
		for (int i = 0; i < locs.getLength(); i++) {
			values.add(locs.item(i).getTextContent());
		}
		return values;
	}

	/** The root element's name of a sitemap (urlset or sitemapindex). */
	static String root(Response response) {
		return parse(response.body()).getDocumentElement().getLocalName();
	}

	static Document parse(String body) {
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setNamespaceAware(true);
			factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
			return factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new AssertionError("not well-formed XML: " + ex.getMessage() + "\n" + body, ex);
		}
	}

}
