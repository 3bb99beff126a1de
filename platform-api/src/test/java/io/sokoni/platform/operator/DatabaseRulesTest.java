package io.sokoni.platform.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseRulesTest {

	private final DatabaseRules rules = new DatabaseRules("localhost, 127.0.0.1, *.db.internal, [::1]",
			"SOKONI_DB_SECRET_");

	@Test
	void allowedHostsByPattern() {
		assertThat(rules.hostProblem("jdbc:postgresql://127.0.0.1:5432/shop")).isEmpty();
		assertThat(rules.hostProblem("jdbc:postgresql://localhost/shop?sslmode=require&connectTimeout=3")).isEmpty();
		assertThat(rules.hostProblem("jdbc:postgresql://pg1.db.internal:5432,pg2.db.internal/shop")).isEmpty();
		assertThat(rules.hostProblem("jdbc:postgresql://[::1]:5432/shop")).isEmpty();
	}

	@Test
	void otherHostsAndTricksAreRefused() {
		assertThat(rules.hostProblem("jdbc:postgresql://db.attacker.example/shop")).isPresent();
		assertThat(rules.hostProblem("jdbc:postgresql://db.internal.attacker.example/shop")).isPresent();
		assertThat(rules.hostProblem("jdbc:postgresql://127.0.0.1,evil.example/shop")).isPresent();
		assertThat(rules.hostProblem("jdbc:postgresql://user@127.0.0.1/shop")).isPresent();
		assertThat(rules.hostProblem("jdbc:postgresql:///shop")).isPresent();
		assertThat(rules.hostProblem("jdbc:postgresql://127.0.0.1/shop?socketFactory=x.Evil")).isPresent();
		assertThat(rules.hostProblem("jdbc:postgresql://127.0.0.1/shop?sslfactory=x.Evil")).isPresent();
		assertThat(rules.hostProblem("jdbc:postgresql://127.0.0.1/shop?PGHOST=evil.example")).isPresent();
		assertThat(rules.hostProblem("jdbc:postgresql://127.0.0.2/shop")).isPresent();
	}

}
