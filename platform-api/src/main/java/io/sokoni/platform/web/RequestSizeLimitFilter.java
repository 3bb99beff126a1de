package io.sokoni.platform.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies above a limit with 413 before anything reads them. Bodies without a declared
 * length (chunked) are refused with 411-like 413 only when they exceed the limit while being read.
 * Catalog imports (POST to exactly {@value #IMPORTS_PATH}) have a larger limit of their own.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestSizeLimitFilter extends OncePerRequestFilter {

	static final String IMPORTS_PATH = "/admin/v1/catalog/imports";

	/** Meta's webhook deliveries: batches of status updates can exceed the general limit (Meta: up to 3 MB). */
	static final String WHATSAPP_WEBHOOK_PATH = "/webhooks/whatsapp";

	private final long maxBytes;

	private final long importMaxBytes;

	private final long whatsappMaxBytes;

	RequestSizeLimitFilter(@Value("${sokoni.http.max-body-size:64KB}") DataSize maxBody,
			@Value("${sokoni.catalog.import-max-body-size:20MB}") DataSize importMaxBody,
			@Value("${sokoni.whatsapp.webhook.max-body-size:3MB}") DataSize whatsappMaxBody) {
		this.maxBytes = maxBody.toBytes();
		this.importMaxBytes = importMaxBody.toBytes();
		this.whatsappMaxBytes = whatsappMaxBody.toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		// The servlet path is decoded and normalised by the container, so no other path can pass as it.
		boolean post = "POST".equals(request.getMethod());
		long limit = post && IMPORTS_PATH.equals(request.getServletPath()) ? importMaxBytes
				: post && WHATSAPP_WEBHOOK_PATH.equals(request.getServletPath()) ? whatsappMaxBytes : maxBytes;
		long declared = request.getContentLengthLong();
		if (declared > limit) {
			Problems.write(response, ProblemType.PAYLOAD_TOO_LARGE,
					"Request bodies are limited to " + limit + " bytes");
			return;
		}
		chain.doFilter(declared >= 0 ? request : new BoundedBodyRequest(request, limit), response);
	}

}
