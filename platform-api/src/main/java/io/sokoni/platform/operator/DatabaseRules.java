package io.sokoni.platform.operator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.sokoni.platform.web.ApiException;
import io.sokoni.platform.web.ProblemType;
import io.sokoni.platform.web.Problems.FieldProblem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What a database registration may point at. The application connects to the registered URL with the
 * secrets its references name, so an unchecked registration would send those secrets to any host, or
 * hand pgjdbc a parameter that loads a class or a file. Allowed: hosts matching the configured patterns
 * ({@code SOKONI_DATABASE_ALLOWED_HOSTS}; {@code *} stands for any run of host-name characters), a few
 * harmless connection parameters, and {@code env:} references under the configured prefix
 * ({@code SOKONI_DB_SECRET_} by default), so no other environment variable of the process can be read.
 */
@Component
class DatabaseRules {

	/** pgjdbc parameters that only tune the connection (no class names, files or other hosts). */
	private static final Set<String> PARAMETERS = Set.of("ssl", "sslmode", "connecttimeout", "sockettimeout",
			"logintimeout", "tcpkeepalive", "applicationname", "targetservertype", "preparethreshold");

	private static final Pattern HOST_NAME = Pattern
		.compile("^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$");

	private static final Pattern IPV6 = Pattern.compile("^\\[[0-9a-f:.]+\\]$");

	private final List<Pattern> allowedHosts;

	private final String secretPrefix;

	DatabaseRules(@Value("${sokoni.database.allowed-hosts:localhost,127.0.0.1}") String allowedHosts,
			@Value("${sokoni.database.secret-prefix:SOKONI_DB_SECRET_}") String secretPrefix) {
		this.allowedHosts = Arrays.stream(allowedHosts.split(","))
			.map(String::trim)
			.filter(s -> !s.isEmpty())
			.map(DatabaseRules::glob)
			.toList();
		this.secretPrefix = secretPrefix;
	}

	/** 400 naming each field that breaks a rule. */
	void check(RegisterDatabaseRequest request) {
		List<FieldProblem> problems = new ArrayList<>();
		hostProblem(request.jdbcUrl()).ifPresent(p -> problems.add(new FieldProblem("jdbcUrl", p)));
		if (!secretAllowed(request.ownerSecretRef())) {
			problems.add(new FieldProblem("ownerSecretRef", "must be env:" + secretPrefix + "…"));
		}
		if (!secretAllowed(request.runtimeSecretRef())) {
			problems.add(new FieldProblem("runtimeSecretRef", "must be env:" + secretPrefix + "…"));
		}
		if (!problems.isEmpty()) {
			throw new ApiException(ProblemType.VALIDATION_FAILED, "The database registration is not allowed",
					Map.of("errors", problems));
		}
	}

	private boolean secretAllowed(String reference) {
		return reference == null || reference.isBlank()
				|| reference.startsWith("env:" + secretPrefix) && reference.length() > 4 + secretPrefix.length();
	}

	/** Why the URL is refused, if it is. */
	java.util.Optional<String> hostProblem(String jdbcUrl) {
		String prefix = "jdbc:postgresql://";
		if (jdbcUrl == null || !jdbcUrl.startsWith(prefix)) {
			return java.util.Optional.of("must start with " + prefix);
		}
		String rest = jdbcUrl.substring(prefix.length());
		int query = rest.indexOf('?');
		String authority = rest;
		if (query >= 0) {
			authority = rest.substring(0, query);
			for (String parameter : rest.substring(query + 1).split("&")) {
				String name = parameter.split("=", 2)[0].toLowerCase(Locale.ROOT);
				if (!name.isEmpty() && !PARAMETERS.contains(name)) {
					return java.util.Optional.of("parameter " + name + " is not allowed here");
				}
			}
		}
		int slash = authority.indexOf('/');
		String hosts = slash >= 0 ? authority.substring(0, slash) : authority;
		if (hosts.isEmpty()) {
			return java.util.Optional.of("must name a host");
		}
		for (String hostPort : hosts.split(",")) {
			String host = hostPort.toLowerCase(Locale.ROOT);
			if (host.startsWith("[")) {
				host = host.substring(0, host.indexOf(']') + 1);
			}
			else if (host.contains(":")) {
				host = host.substring(0, host.indexOf(':'));
			}
			if (!HOST_NAME.matcher(host).matches() && !IPV6.matcher(host).matches()) {
				return java.util.Optional.of("has a malformed host");
			}
			String candidate = host;
			if (allowedHosts.stream().noneMatch(p -> p.matcher(candidate).matches())) {
				return java.util.Optional.of("host " + host + " is not among the allowed database hosts");
			}
		}
		return java.util.Optional.empty();
	}

	private static Pattern glob(String pattern) {
		String lower = pattern.toLowerCase(Locale.ROOT);
		StringBuilder regex = new StringBuilder("^");
		for (String part : lower.split("\\*", -1)) {
			if (regex.length() > 1) {
				regex.append("[a-z0-9.-]*");
			}
			regex.append(Pattern.quote(part));
		}
		return Pattern.compile(regex.append('$').toString());
	}

}
