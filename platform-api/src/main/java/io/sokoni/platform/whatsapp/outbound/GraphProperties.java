package io.sokoni.platform.whatsapp.outbound;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Sokoni calls Meta's Graph API.
 * @param baseUrl        Meta's Graph API (never the stand-in: checked at start; the stand-in is reached
 *                       only through {@code sokoni.whatsapp.standin.enabled})
 * @param apiVersion     the pinned Graph version (versions are retired about two years after release)
 * @param connectTimeout connecting to Meta
 * @param requestTimeout waiting for one answer
 */
@ConfigurationProperties("sokoni.whatsapp.graph")
public record GraphProperties(@DefaultValue("https://graph.facebook.com") String baseUrl,
		@DefaultValue("v21.0") String apiVersion, @DefaultValue("5s") Duration connectTimeout,
		@DefaultValue("15s") Duration requestTimeout) {

	public GraphProperties {
		baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		if (!apiVersion.matches("v[0-9]{1,3}\\.[0-9]{1,2}")) {
			throw new IllegalArgumentException("sokoni.whatsapp.graph.api-version must look like v21.0");
		}
	}

}
