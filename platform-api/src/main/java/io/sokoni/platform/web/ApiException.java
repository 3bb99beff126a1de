package io.sokoni.platform.web;

import java.util.Map;

/**
 * A failure the client can act on, answered as a problem of the given type. Services throw it (or a
 * subclass naming the failure); the advice renders it.
 */
public class ApiException extends RuntimeException {

	private final ProblemType type;

	private final Map<String, Object> properties;

	public ApiException(ProblemType type, String detail) {
		this(type, detail, Map.of());
	}

	public ApiException(ProblemType type, String detail, Map<String, Object> properties) {
		super(detail);
		this.type = type;
		this.properties = properties;
	}

	public ProblemType type() {
		return type;
	}

	public Map<String, Object> properties() {
		return properties;
	}

	public static ApiException notFound(String what) {
		return new ApiException(ProblemType.NOT_FOUND, what + " not found");
	}

	public static ApiException staleVersion(String what) {
		return new ApiException(ProblemType.STALE_VERSION,
				what + " was changed by someone else; reload it and apply your change again");
	}

}
