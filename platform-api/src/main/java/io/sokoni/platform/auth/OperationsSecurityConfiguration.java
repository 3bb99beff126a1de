package io.sokoni.platform.auth;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The operational endpoints are the operator's: metrics (they include operator API usage), health
 * details (disk path, pools, outbox backlog) and the API documents need the operator token. Only
 * {@code /actuator/health} stays public, and without the operator token it says nothing but
 * {@code {"status":"UP"}} or DOWN (details are shown to the operator role only, see application.yml).
 * {@code SOKONI_API_DOCS_PUBLIC=true} opens the OpenAPI document and Swagger UI (a developer machine).
 */
@Configuration
class OperationsSecurityConfiguration {

	static final String[] OPERATIONS = { "/actuator", "/actuator/**" };

	static final String[] API_DOCS = { "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html",
			"/swagger-ui/**" };

	private final ProblemSecurityHandlers problems = new ProblemSecurityHandlers();

	@Bean
	@Order(0)
	SecurityFilterChain operationsChain(HttpSecurity http, OperatorCredentials credentials,
			@Value("${sokoni.api-docs-public:false}") boolean apiDocsPublic) throws Exception {
		return http.securityMatcher(concat(OPERATIONS, API_DOCS))
			.csrf(c -> c.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(c -> c.disable())
			.formLogin(f -> f.disable())
			.httpBasic(b -> b.disable())
			.logout(l -> l.disable())
			// The operator token is read here too: with it, health shows its details.
			.addFilterBefore(new OperatorTokenFilter(credentials), AuthorizationFilter.class)
			.authorizeHttpRequests(a -> {
				a.requestMatchers("/actuator/health").permitAll();
				if (apiDocsPublic) {
					a.requestMatchers(API_DOCS).permitAll();
				}
				a.anyRequest().hasRole("OPERATOR");
			})
			.exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.build();
	}

	private static String[] concat(String[] a, String[] b) {
		String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

}
