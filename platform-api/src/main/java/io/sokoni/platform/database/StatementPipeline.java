package io.sokoni.platform.database;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.ResultOrRows;
import org.jooq.Results;

/**
 * Several statements (writes, reads, writes with RETURNING) sent to PostgreSQL in one round trip, in
 * the caller's transaction: jOOQ renders them into one prepared statement, which the driver sends as a
 * pipeline (each statement parsed, bound and run in order, one sync at the end). For statements that
 * do not need each other's results in the application (a later one may read what an earlier one
 * wrote: each sees the transaction's writes so far). Each round trip costs the application and
 * PostgreSQL a wake-up and a few system calls each, which on a machine with few cores is a good part
 * of a short statement's cost.
 */
public final class StatementPipeline {

	private StatementPipeline() {
	}

	/**
	 * Runs the statements in order and returns the rows each one changed. One that fails fails the call
	 * (and the transaction) with its error; the statements after it do not run.
	 */
	public static int[] execute(DSLContext dsl, Query... statements) {
		return fetch(dsl, statements).resultsOrRows().stream().mapToInt(ResultOrRows::rows).toArray();
	}

	/**
	 * Runs the statements in order and returns what each one answered: rows for a query (or a write with
	 * RETURNING), a row count otherwise. The rows are untyped: each column has the Java type jOOQ infers
	 * from the driver's metadata (uuid as UUID, int8 as Long ...), so read them by name or position.
	 */
	public static Results fetch(DSLContext dsl, Query... statements) {
		String template = IntStream.range(0, statements.length)
			.mapToObj(i -> "{" + i + "}")
			.collect(Collectors.joining(";\n"));
		return dsl.resultQuery(template, (Object[]) statements).fetchMany();
	}

}
