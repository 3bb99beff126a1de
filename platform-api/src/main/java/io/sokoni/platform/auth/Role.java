package io.sokoni.platform.auth;

import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** What a tenant user may do: owner everything, staff day-to-day operations, viewer read only. */
public enum Role {

	OWNER, STAFF, VIEWER;

	@JsonValue
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public String authority() {
		return "ROLE_" + name();
	}

	/** For JSON: one of owner, staff, viewer. */
	@JsonCreator
	public static Role fromJson(String value) {
		return parse(value).orElseThrow(() -> new IllegalArgumentException("role must be owner, staff or viewer"));
	}

	public static Optional<Role> parse(String value) {
		if (value == null) {
			return Optional.empty();
		}
		for (Role role : values()) {
			if (role.value().equals(value)) {
				return Optional.of(role);
			}
		}
		return Optional.empty();
	}

}
