package io.sokoni.platform.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document (/v3/api-docs, Swagger UI at /swagger-ui.html), its two credentials, and the
 * problem answers every operation can give: the controllers declare their success status
 * ({@code @ResponseStatus}), this adds the RFC 9457 problems that come from the advice and filters.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String PROBLEM_SCHEMA = "Problem";

	@Bean
	OpenAPI sokoniOpenApi() {
		return new OpenAPI()
			.info(new Info().title("Sokoni API")
				.version("v1")
				.description("Operator (/platform/v1), merchant admin (/admin/v1) and storefront (/storefront/v1, "
						+ "store chosen by the Host header) APIs. Errors are RFC 9457 problem details."))
			.components(new Components()
				.addSecuritySchemes("bearer",
						new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT"))
				.addSecuritySchemes("operator", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")));
	}

	/** Adds the problem responses (400 ... 503) each operation can answer, with the problem schema. */
	@Bean
	OpenApiCustomizer problemResponses() {
		return openApi -> {
			if (openApi.getComponents() == null) {
				openApi.setComponents(new Components());
			}
			openApi.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
			if (openApi.getPaths() == null) {
				return;
			}
			openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
				ApiResponses responses = operation.getResponses() == null ? new ApiResponses()
						: operation.getResponses();
				// Answers springdoc derived from the advice's handlers carry no real status: ours replace them.
				responses.keySet().removeIf(code -> code.startsWith("4") || code.startsWith("5"));
				problemsOf(path, method, operation)
					.forEach((status, description) -> responses.addApiResponse(status, problem(description)));
				operation.setResponses(responses);
			}));
		};
	}

	static Map<String, String> problemsOf(String path, PathItem.HttpMethod method, Operation operation) {
		boolean admin = path.startsWith("/admin/") || path.startsWith("/platform/");
		boolean storefront = path.startsWith("/storefront/");
		boolean writes = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
		Map<String, String> problems = new LinkedHashMap<>();
		problems.put("400", "Malformed request or invalid fields (problem types malformed-request, "
				+ "validation-failed; errors[] names each field)");
		if (admin) {
			problems.put("401", "Missing, expired or invalid credential (unauthenticated)");
			problems.put("403", "The role does not allow this, or the tenant is suspended (forbidden, tenant-suspended)");
		}
		if (storefront) {
			problems.put("403", "The store's tenant is suspended (tenant-suspended)");
		}
		if (path.contains("{") || storefront) {
			problems.put("404", storefront ? "Unknown store host or resource (unknown-host, not-found)"
					: "No such resource in this tenant (not-found)");
		}
		if (writes) {
			problems.put("409", "Duplicate, stale version or conflicting state (duplicate, stale-version, conflict, "
					+ "insufficient-stock, illegal-transition)");
			problems.put("413", "Request body too large (payload-too-large)");
			problems.put("422", "A business rule refuses it, or a value or amount is out of range (business-rule, "
					+ "invalid-value, amount-out-of-range, ...)");
		}
		if (storefront || path.startsWith("/auth/")) {
			problems.put("429", "Too many requests; retry after the Retry-After header (too-many-requests)");
		}
		problems.put("503", "The database is unreachable; retry after the Retry-After header (database-unavailable)");
		return problems;
	}

	private static ApiResponse problem(String description) {
		return new ApiResponse().description(description)
			.content(new Content().addMediaType("application/problem+json",
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
	}

	@SuppressWarnings("rawtypes")
	private static Schema problemSchema() {
		Schema<?> fieldError = new ObjectSchema().addProperty("field", new StringSchema())
			.addProperty("message", new StringSchema());
		return new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().example("https://sokoni.io/problems/validation-failed"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("requestId", new StringSchema())
			.addProperty("errors", new ArraySchema().items(fieldError))
			.required(List.of("type", "title", "status"));
	}

}
