package io.sokoni.platform.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems;
import io.sokoni.platform.web.StorefrontTenantFilter;
import io.sokoni.tenant.HostTenantResolver;
import io.sokoni.tenant.TenantDirectory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Three audiences, three chains: the operator ({@code /platform/v1}, operator token), tenant users
 * ({@code /admin/v1}, JWT with tenant and role claims) and the public (storefront by Host, login,
 * JWKS, docs, health). Roles nest: owner includes staff, staff includes viewer.
 */
@Configuration
@EnableMethodSecurity
class SecurityConfiguration {

	private final ProblemSecurityHandlers problems = new ProblemSecurityHandlers();

	/**
	 * No Spring Security observations. Switched off by property, the chain still wrapped each of its
	 * filters in an observation decorator on every request (measured: about 4 KB of the 21 KB a /ping
	 * allocated); this bean leaves the filters unwrapped. http.server.requests stays.
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	@Bean
	@Order(1)
	SecurityFilterChain operatorChain(HttpSecurity http, OperatorCredentials credentials) throws Exception {
		return stateless(http.securityMatcher("/platform/v1/**"))
			.addFilterBefore(new OperatorTokenFilter(credentials), AuthorizationFilter.class)
			.authorizeHttpRequests(a -> a.anyRequest().hasRole("OPERATOR"))
			.exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain adminChain(HttpSecurity http, JwtDecoder decoder, AuthProperties props,
			TenantDirectory tenants, ActiveUsers users) throws Exception {
		return stateless(http.securityMatcher("/admin/v1/**"))
			.oauth2ResourceServer(o -> o.jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(converter(props)))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.addFilterAfter(new AdminTenantFilter(tenants, props, users), BearerTokenAuthenticationFilter.class)
			.authorizeHttpRequests(a -> a.anyRequest().authenticated())
			.exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain publicChain(HttpSecurity http) throws Exception {
		return stateless(http).authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
	}

	/**
	 * Requests the firewall refuses (a {@code ;}, {@code //}, {@code ..}, an encoded dot or percent in the
	 * path, a method outside HTTP's usual ones) get a problem like every other 400; its default sends an
	 * error that Boot answers with its own JSON.
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler() {
		return (request, response, ex) -> Problems.write(response, ProblemType.MALFORMED_REQUEST,
				"The request is not allowed: its method is not one HTTP APIs use, or its path holds ';', '//', "
						+ "'..', or an encoded '.', '/' or '%'");
	}

	@Bean
	FilterRegistrationBean<StorefrontTenantFilter> storefrontTenantFilter(HostTenantResolver resolver) {
		FilterRegistrationBean<StorefrontTenantFilter> registration = new FilterRegistrationBean<>(
				new StorefrontTenantFilter(resolver));
		registration.addUrlPatterns("/storefront/v1/*", "/sitemap.xml", "/sitemaps/*", "/robots.txt");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
		return registration;
	}

	@Bean
	JwtDecoder jwtDecoder(AuthProperties props, SigningKeys keys) {
		NimbusJwtDecoder decoder = props.externalIssuer()
				? NimbusJwtDecoder.withIssuerLocation(props.externalIssuerUri()).build()
				: NimbusJwtDecoder.withPublicKey(keys.publicKey()).build();
		String issuer = props.externalIssuer() ? props.externalIssuerUri() : props.issuer();
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(JwtValidators.createDefaultWithIssuer(issuer)));
		if (props.externalIssuer()) {
			// The issuer mints tokens for other applications too: only those meant for Sokoni count.
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					aud -> aud != null && aud.contains(props.audience())));
		}
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
		return decoder;
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.fromHierarchy("ROLE_OWNER > ROLE_STAFF\nROLE_STAFF > ROLE_VIEWER");
	}

	@Bean
	PasswordEncoder passwordEncoder(AuthProperties props) {
		return new BCryptPasswordEncoder(props.bcryptStrength());
	}

	private static JwtAuthenticationConverter converter(AuthProperties props) {
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(jwt -> {
			Optional<Role> role = Role.parse(jwt.getClaimAsString(props.roleClaim()));
			return role.<List<GrantedAuthority>>map(r -> List.of(new SimpleGrantedAuthority(r.authority())))
				.orElse(List.of());
		});
		return converter;
	}

	private static HttpSecurity stateless(HttpSecurity http) throws Exception {
		return http.csrf(c -> c.disable())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(c -> c.disable())
			.formLogin(f -> f.disable())
			.httpBasic(b -> b.disable())
			.logout(l -> l.disable());
	}

}
