package io.sokoni.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document (/v3/api-docs, Swagger UI at /swagger-ui.html) and its two credentials. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

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

}
