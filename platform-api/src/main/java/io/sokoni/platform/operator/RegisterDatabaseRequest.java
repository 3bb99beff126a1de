package io.sokoni.platform.operator;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A dedicated database to register. Secrets are references ({@code env:NAME}), never passwords; omit
 * them for trust or certificate authentication.
 */
record RegisterDatabaseRequest(@NotBlank @Pattern(regexp = "^[a-z0-9][a-z0-9_-]{0,62}$") String name,
		@NotBlank @Size(max = 500) @Pattern(regexp = "^jdbc:postgresql://[^\\s]+$") String jdbcUrl,
		@NotBlank @Pattern(regexp = "^[a-z_][a-z0-9_]{0,62}$") String runtimeUsername,
		@Pattern(regexp = "^env:[A-Za-z_][A-Za-z0-9_]*$") String runtimeSecretRef,
		@NotBlank @Pattern(regexp = "^[a-z_][a-z0-9_]{0,62}$") String ownerUsername,
		@Pattern(regexp = "^env:[A-Za-z_][A-Za-z0-9_]*$") String ownerSecretRef,
		@Min(1) @Max(100) Integer maxPoolSize) {
}
