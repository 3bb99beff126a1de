package io.sokoni.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.ProblemDetail;

/** Database refusals caused by request values are 4xx problems of the right kind, not all 409. */
class ProblemDetailsAdviceTest {

	private final ProblemDetailsAdvice advice = new ProblemDetailsAdvice();

	@Test
	void aCheckViolationIs422UnlessItGuardsSharedState() {
		assertThat(problem("23514", "new row for relation \"customers\" violates check constraint \"customers_email_check\""))
			.extracting(ProblemDetail::getStatus).isEqualTo(422);
		assertThat(problem("23514", "violates check constraint \"product_variants_price_capped\"").getDetail())
			.contains("at most 10000000000");
		assertThat(problem("23514", "violates check constraint \"coupons_within_limit\"").getStatus()).isEqualTo(409);
	}

	@Test
	void overflowAndUnstorableTextAreNotConflicts() {
		assertThat(problem("22003", "bigint out of range").getStatus()).isEqualTo(422);
		assertThat(problem("22021", "invalid byte sequence for encoding \"UTF8\": 0x00").getStatus()).isEqualTo(400);
		assertThat(problem("23503", "violates foreign key constraint").getStatus()).isEqualTo(409);
	}

	@Test
	void exactArithmeticOverflowIs422() {
		assertThat(advice.overflow(new ArithmeticException("long overflow")).getStatusCode().value()).isEqualTo(422);
		assertThat(advice.overflow(new ArithmeticException("/ by zero")).getStatusCode().value()).isEqualTo(500);
	}

	private ProblemDetail problem(String sqlState, String message) {
		SQLException cause = new SQLException("ERROR: " + message, sqlState);
		return advice.integrity(new DataIntegrityViolationException("refused", cause)).getBody();
	}

}
