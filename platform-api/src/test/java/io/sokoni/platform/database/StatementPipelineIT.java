package io.sokoni.platform.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import io.sokoni.db.ScratchDatabase;
import io.sokoni.platform.support.ApiTestBase;
import io.sokoni.platform.support.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Results;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Writes sent together: run in order, each one's row count, typed binds, and all-or-nothing with the transaction. */
class StatementPipelineIT extends ApiTestBase {

	private static final Table<?> NOTES = DSL.table(DSL.name("public", "pipeline_notes"));

	private static final Field<UUID> ID = DSL.field(DSL.name("id"), SQLDataType.UUID);

	private static final Field<Integer> N = DSL.field(DSL.name("n"), SQLDataType.INTEGER);

	private static final Field<JSONB> DOC = DSL.field(DSL.name("doc"), SQLDataType.JSONB);

	private DSLContext dsl;

	private TransactionTemplate tx;

	/** A scratch table outside the schema (the runtime role may not create tables, temporary ones included). */
	@BeforeAll
	static void notes() throws SQLException {
		ScratchDatabase db = TestDatabase.get().orElseThrow();
		try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.admin().user(), db.admin().password());
				Statement statement = c.createStatement()) {
			statement.execute(
					"create table if not exists public.pipeline_notes (id uuid primary key, n int not null, doc jsonb)");
			statement.execute("grant select, insert, update, delete on public.pipeline_notes to " + db.roles().runtime());
		}
	}

	@BeforeEach
	void beans() {
		dsl = context.getBean(DSLContext.class);
		tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
	}

	@Test
	@SuppressWarnings("unchecked")
	void runsTheStatementsInOrderAndCountsTheRowsOfEach() {
		UUID a = UUID.randomUUID();
		UUID b = UUID.randomUUID();
		List<Object> outcome = tx.execute(s -> {
			int[] rows = StatementPipeline.execute(dsl,
					dsl.insertInto(NOTES, ID, N, DOC).values(a, 1, JSONB.valueOf("{\"k\": \"v\"}")).values(b, 2, null),
					dsl.update(NOTES).set(N, N.plus(10)).where(ID.eq(UUID.randomUUID())),
					dsl.update(NOTES).set(N, N.plus(10)).where(ID.eq(a)),
					dsl.deleteFrom(NOTES).where(ID.in(a, b), N.lt(10)));
			return List.of(rows, dsl.select(ID, N, DSL.field("{0} ->> 'k'", String.class, DOC))
				.from(NOTES)
				.where(ID.in(a, b))
				.fetch(r -> r.value1() + " " + r.value2() + " " + r.value3()));
		});

		assertThat((int[]) outcome.get(0)).as("rows per statement").containsExactly(2, 0, 1, 1);
		assertThat((List<Object>) outcome.get(1)).as("the update saw the insert, the delete the update; jsonb bound as jsonb")
			.containsExactly((Object) (a + " 11 v"));
	}

	@Test
	void queriesAnswerTheirRowsReadableByNameOrPositionWithTheDriversTypes() {
		UUID a = UUID.randomUUID();
		List<Object> outcome = tx.execute(s -> {
			Results answered = StatementPipeline.fetch(dsl, dsl.insertInto(NOTES, ID, N).values(a, 7).returningResult(ID, N),
					dsl.update(NOTES).set(N, 0).where(ID.eq(UUID.randomUUID())).returningResult(N),
					dsl.select(N.plus(1), DOC).from(NOTES).where(ID.eq(a)));
			return List.of(answered.get(0).get(0).get(ID), answered.get(0).get(0).get(N), answered.get(1).size(),
					answered.get(2).get(0).get(0, Integer.class), String.valueOf(answered.get(2).get(0).get(1)));
		});

		assertThat(outcome).as("a UUID and an int back from the insert; no row from the update; the select saw the insert")
			.containsExactly(a, 7, 0, 8, "null");
	}

	@Test
	void aFailingStatementFailsTheCallAndNoneOfItsStatementsLeavesARow() {
		UUID a = UUID.randomUUID();
		UUID c = UUID.randomUUID();
		TransactionTemplate savepoint = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
		List<Object> outcome = tx.execute(s -> {
			Throwable thrown = catchThrowable(() -> savepoint.executeWithoutResult(n -> StatementPipeline.execute(dsl,
					dsl.insertInto(NOTES, ID, N).values(a, 1),
					dsl.insertInto(NOTES, ID, N).values(a, 2),
					dsl.insertInto(NOTES, ID, N).values(c, 3))));
			return List.of(thrown, dsl.fetchCount(NOTES, ID.in(a, c)));
		});

		assertThat(outcome.get(0)).as("the second insert breaks the primary key").isInstanceOf(DataAccessException.class);
		assertThat(outcome.get(1)).as("the first rolled back with it, the third never ran").isEqualTo(0);
	}

}
