package io.sokoni.tenant;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The identity of a tenant (a merchant). A type of its own so it is never confused with other ids. */
public record TenantId(UUID value) {

	public TenantId {
		Objects.requireNonNull(value, "tenant id");
	}

	public static TenantId of(UUID value) {
		return new TenantId(value);
	}

	/** Parses a tenant id, empty when the text is not a UUID (for example a forged claim). */
	public static Optional<TenantId> parse(String text) {
		if (text == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(new TenantId(UUID.fromString(text)));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	@Override
	public String toString() {
		return value.toString();
	}

}
