package io.sokoni.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;

import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** Statements rendered once: parameters by name, literals and casts left alone, unnamed binds refused. */
class RenderedOnceTest {

	private static final Table<?> NOTES = DSL.table(DSL.name("notes"));

	private static final Field<UUID> ID = DSL.field(DSL.name("id"), SQLDataType.UUID);

	private static final Field<String> BODY = DSL.field(DSL.name("body"), SQLDataType.VARCHAR);

	@Test
	void eachParameterIsBoundByNameWhereverItOccurs() {
		Field<UUID> id = DSL.param("id", UUID.class);
		RenderedOnce rendered = RenderedOnce.of(
				DSL.update(NOTES).set(BODY, DSL.param("body", String.class)).where(ID.eq(id)),
				DSL.select(BODY).from(NOTES).where(ID.eq(id)));
		UUID note = UUID.randomUUID();

		assertThat(rendered.sql()).doesNotContain(":").contains(";\n").matches("(?s)[^?]*(\\?[^?]*){3}");
		assertThat(rendered.bindValues(Map.of("id", note, "body", "hello"))).containsExactly("hello", note, note);
	}

	@Test
	void colonsInLiteralsQuotedNamesAndCastsAreNotParameters() {
		RenderedOnce rendered = RenderedOnce.parse(
				"select 'a :b '':c', \"x:y\", cast(:when as text)::timestamptz, :n_2 where z = :when");

		assertThat(rendered.sql())
			.isEqualTo("select 'a :b '':c', \"x:y\", cast(? as text)::timestamptz, ? where z = ?");
		assertThat(rendered.bindValues(Map.of("when", "now", "n_2", 2))).containsExactly("now", 2, "now");
	}

	@Test
	void anUnnamedBindValueIsRefused() {
		assertThatThrownBy(() -> RenderedOnce.of(DSL.select(BODY).from(NOTES).where(BODY.eq("frozen"))))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("unnamed bind value");
	}

	@Test
	void everyParameterAndNoOtherMustBeGiven() {
		RenderedOnce rendered = RenderedOnce.of(DSL.select(BODY).from(NOTES).where(ID.eq(DSL.param("id", UUID.class))));

		assertThatThrownBy(() -> rendered.bindValues(Map.of())).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> rendered.bindValues(Map.of("id", UUID.randomUUID(), "other", 1)))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
