package io.sokoni.platform.database;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Times computed by the database from its own clock, so that every instance's jobs compare rows
 * against one clock (not each JVM's), with the duration as a bind value (one statement, one plan).
 */
public final class DatabaseTime {

	private DatabaseTime() {
	}

	/** {@code now()} plus the duration (negative: in the past). */
	public static Field<OffsetDateTime> fromNow(Duration duration) {
		return fromNow(DSL.val(duration.toMillis()));
	}

	/** {@code now()} plus so many milliseconds (a parameter of a statement rendered once, say). */
	public static Field<OffsetDateTime> fromNow(Field<Long> millis) {
		return DSL.field("now() + ({0} * interval '1 millisecond')", SQLDataType.TIMESTAMPWITHTIMEZONE, millis);
	}

	/** {@code now()} minus the duration. */
	public static Field<OffsetDateTime> ago(Duration duration) {
		return fromNow(duration.negated());
	}

}
