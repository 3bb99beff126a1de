package io.sokoni.platform.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import tools.jackson.databind.json.JsonMapper;

/** Builds problem details, and writes them from filters that run before Spring MVC. */
public final class Problems {

	/** The Retry-After of a database-unavailable answer. */
	public static final String DATABASE_RETRY_AFTER_SECONDS = "5";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private Problems() {
	}

	public static ProblemDetail of(ProblemType type, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
		problem.setType(type.type());
		problem.setTitle(type.title());
		String requestId = MDC.get(RequestIdFilter.MDC_KEY);
		if (requestId != null) {
			problem.setProperty("requestId", requestId);
		}
		return problem;
	}

	public static ProblemDetail of(ProblemType type, String detail, Map<String, Object> properties) {
		ProblemDetail problem = of(type, detail);
		properties.forEach(problem::setProperty);
		return problem;
	}

	/** A validation problem with its field errors. */
	public static ProblemDetail validation(String detail, List<FieldProblem> errors) {
		ProblemDetail problem = of(ProblemType.VALIDATION_FAILED, detail);
		problem.setProperty("errors", errors);
		return problem;
	}

	/** The database cannot be reached: 503, to be sent with a Retry-After header. */
	public static ProblemDetail databaseUnavailable() {
		return of(ProblemType.DATABASE_UNAVAILABLE, "The service cannot reach its database right now; retry shortly");
	}

	/** Whether the failure (or one of its causes) is the database being unreachable. */
	public static boolean isDatabaseUnavailable(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
					|| t instanceof DataAccessResourceFailureException) {
				return true;
			}
		}
		return false;
	}

	/** Whether the failure (or one of its causes) is a chunked body outgrowing the size limit while read. */
	public static boolean isBodyTooLarge(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof BoundedBodyRequest.BodyTooLargeException) {
				return true;
			}
		}
		return false;
	}

	public static void write(HttpServletResponse response, ProblemType type, String detail) throws IOException {
		write(response, of(type, detail));
	}

	public static void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
		response.setStatus(problem.getStatus());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("type", problem.getType().toString());
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		if (problem.getProperties() != null) {
			body.putAll(problem.getProperties());
		}
		JSON.writeValue(response.getOutputStream(), body);
	}

	/** One invalid field: where, and what is wrong with it. */
	public record FieldProblem(String field, String message) {
	}

}
