package io.sokoni.platform.catalog;

import java.util.Optional;

import org.postgresql.util.PSQLException;

/** Reads which constraint a database error names (triggers name one that never appears in the text). */
final class DatabaseErrors {

	private DatabaseErrors() {
	}

	static Optional<String> constraint(Throwable error) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (t instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
				return Optional.ofNullable(psql.getServerErrorMessage().getConstraint());
			}
		}
		return Optional.empty();
	}

}
