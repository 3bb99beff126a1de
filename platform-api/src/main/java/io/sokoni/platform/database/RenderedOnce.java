package io.sokoni.platform.database;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jooq.Context;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.RenderContext.CastMode;
import org.jooq.Result;
import org.jooq.Results;
import org.jooq.SQLDialect;
import org.jooq.impl.CustomQueryPart;
import org.jooq.impl.DSL;

/**
 * Statements of a fixed shape rendered to SQL once, when the application starts, rather than by jOOQ
 * on every call: for hot paths, where rendering a few statements with subqueries costs more of the
 * application's CPU than anything else it does for the request (a third of it on add-to-cart,
 * measured). jOOQ's manual suggests caching the SQL it generates for this.
 * <p>
 * Everything a call varies is a named parameter ({@link DSL#param(String, Class)}), bound by name on
 * each call; a name may occur any number of times. Constants are {@link DSL#inline} literals: an
 * unnamed bind value would be frozen at the value it had when rendered, so rendering refuses one.
 * Several statements run as one pipeline, as {@link StatementPipeline} sends them.
 */
public final class RenderedOnce {

	private static final DSLContext POSTGRES = DSL.using(SQLDialect.POSTGRES);

	/** The SQL around the bind values: one more piece than there are bind values. */
	private final String[] pieces;

	/** The parameter of each bind value, in order. */
	private final String[] binds;

	private final Set<String> names;

	private RenderedOnce(List<String> pieces, List<String> binds) {
		this.pieces = pieces.toArray(String[]::new);
		this.binds = binds.toArray(String[]::new);
		this.names = Set.copyOf(binds);
	}

	/** The statements, in this order, as one pipeline (one statement: just that statement). */
	public static RenderedOnce of(Query... statements) {
		String template = IntStream.range(0, statements.length)
			.mapToObj(i -> "{" + i + "}")
			.collect(Collectors.joining(";\n"));
		return parse(POSTGRES.renderNamedParams(DSL.query(template, (Object[]) statements)));
	}

	/**
	 * Cuts the SQL at each {@code :name} that jOOQ rendered for a parameter, outside string literals,
	 * quoted identifiers and {@code ::} casts. jOOQ renders an unnamed bind value as {@code :1},
	 * {@code :2} ...: refused.
	 */
	static RenderedOnce parse(String named) {
		StringBuilder sql = new StringBuilder(named.length());
		List<String> pieces = new ArrayList<>();
		List<String> binds = new ArrayList<>();
		char quote = 0;
		for (int i = 0; i < named.length(); i++) {
			char c = named.charAt(i);
			if (quote != 0) {
				quote = c == quote ? 0 : quote; // a doubled quote closes and opens again: same result
				sql.append(c);
			}
			else if (c == '\'' || c == '"') {
				quote = c;
				sql.append(c);
			}
			else if (c == ':' && i + 1 < named.length() && named.charAt(i + 1) == ':') {
				sql.append("::");
				i++;
			}
			else if (c == ':' && i + 1 < named.length() && isNameChar(named.charAt(i + 1))) {
				int end = i + 1;
				while (end < named.length() && isNameChar(named.charAt(end))) {
					end++;
				}
				String name = named.substring(i + 1, end);
				if (name.chars().allMatch(Character::isDigit)) {
					throw new IllegalStateException("An unnamed bind value (:" + name + ") in a statement rendered"
							+ " once: make it a named parameter, or inline it if it is a constant, in " + named);
				}
				binds.add(name);
				pieces.add(sql.toString());
				sql.setLength(0);
				i = end - 1;
			}
			else {
				sql.append(c);
			}
		}
		pieces.add(sql.toString());
		return new RenderedOnce(pieces, binds);
	}

	private static boolean isNameChar(char c) {
		return Character.isLetterOrDigit(c) || c == '_';
	}

	/** Runs the statements with these values of their parameters (all of them, and no others). */
	public Results fetchMany(DSLContext dsl, Map<String, ?> values) {
		return dsl.resultQuery("{0}", new Bound(bindValues(values))).fetchMany();
	}

	/** Runs the statement (one) with these values of its parameters (all of them, and no others). */
	public Result<Record> fetch(DSLContext dsl, Map<String, ?> values) {
		return dsl.resultQuery("{0}", new Bound(bindValues(values))).fetch();
	}

	/** Runs the statement (one, returning no rows) with these values of its parameters; the rows it changed. */
	public int execute(DSLContext dsl, Map<String, ?> values) {
		return dsl.query("{0}", new Bound(bindValues(values))).execute();
	}

	/**
	 * The SQL with these bind values, written as it is, piece by piece: as plain SQL with {@code ?}
	 * markers jOOQ would scan the whole text for them on every call, which costs about as much as
	 * rendering it (measured).
	 */
	private final class Bound extends CustomQueryPart {

		private final Object[] values;

		Bound(Object[] values) {
			this.values = values;
		}

		@Override
		public void accept(Context<?> ctx) {
			CastMode castMode = ctx.castMode();
			ctx.castMode(CastMode.NEVER); // the pieces hold the casts jOOQ rendered
			for (int i = 0; i < values.length; i++) {
				ctx.sql(pieces[i]).visit(DSL.val(values[i]));
			}
			ctx.sql(pieces[values.length]).castMode(castMode);
		}

	}

	Object[] bindValues(Map<String, ?> values) {
		if (!values.keySet().equals(names)) {
			throw new IllegalArgumentException("Parameters " + names + " expected, not " + values.keySet());
		}
		Object[] ordered = new Object[binds.length];
		for (int i = 0; i < binds.length; i++) {
			ordered[i] = values.get(binds[i]);
		}
		return ordered;
	}

	/** The SQL as sent, with a {@code ?} for each bind value. */
	public String sql() {
		return String.join("?", pieces);
	}

}
