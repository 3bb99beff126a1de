package io.sokoni.platform.database;

import org.jooq.DSLContext;

/**
 * jOOQ for the platform tables, as the platform role. Not a DSLContext bean on purpose: Boot's
 * tenant-routed DSLContext stays the only one injected by type.
 */
public record PlatformDatabase(DSLContext dsl) {

	/** The name of the platform transaction manager. */
	public static final String TX = "platformTransactionManager";

}
