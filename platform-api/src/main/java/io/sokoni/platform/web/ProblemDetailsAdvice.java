package io.sokoni.platform.web;

import java.util.Comparator;
import java.util.List;


import io.sokoni.platform.web.Problems.FieldProblem;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place exceptions become RFC 9457 problem details: a stable type, a helpful detail, field
 * errors for validation. Server errors hide their cause from the client and log it with the tenant
 * and request id (both are in the MDC).
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

	@ExceptionHandler(ApiException.class)
	ResponseEntity<ProblemDetail> api(ApiException ex) {
		ProblemDetail problem = Problems.of(ex.type(), ex.getMessage(), ex.properties());
		Object retryAfter = ex.properties().get("retryAfterSeconds");
		return retryAfter == null ? respond(problem)
				: ResponseEntity.status(problem.getStatus()).header(HttpHeaders.RETRY_AFTER, retryAfter.toString()).body(problem);
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ResponseEntity<ProblemDetail> constraintViolation(ConstraintViolationException ex) {
		List<FieldProblem> errors = ex.getConstraintViolations()
			.stream()
			.map(v -> new FieldProblem(lastNode(v.getPropertyPath().toString()), v.getMessage()))
			.sorted(Comparator.comparing(FieldProblem::field))
			.toList();
		return respond(Problems.validation("The request has invalid fields", errors));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex) {
		return respond(Problems.validation("The request has invalid parameters",
				List.of(new FieldProblem(ex.getName(), "is not a valid value"))));
	}

	/** A Content-Type header an endpoint parses itself that names no media type (e.g. sent twice). */
	@ExceptionHandler(org.springframework.http.InvalidMediaTypeException.class)
	ResponseEntity<ProblemDetail> invalidMediaType(org.springframework.http.InvalidMediaTypeException ex) {
		return respond(Problems.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "The Content-Type header is not one media type"));
	}

	@ExceptionHandler(DuplicateKeyException.class)
	ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException ex) {
		return respond(Problems.of(ProblemType.DUPLICATE, ConstraintMessages.duplicate(ex)));
	}

	/**
	 * A constraint the request's values broke. A check violation (23514) is the value's fault (422),
	 * unless the constraint guards shared state (a coupon's usage limit: 409); a number beyond its column
	 * (22003) is 422, and so is a date or time beyond PostgreSQL's range (22008, or 22009 for its offset:
	 * Java's dates reach year 999999999, PostgreSQL's 294276), for the same reason; text PostgreSQL cannot
	 * store (NUL, bad
	 * encoding) is 400. Other violations (foreign keys, exclusions) stay 409: they depend on other rows.
	 */
	@ExceptionHandler(DataIntegrityViolationException.class)
	ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException ex) {
		String state = sqlState(ex);
		log.info("Constraint violation (SQLState {}): {}", state, ex.getMostSpecificCause().getMessage());
		return respond(switch (state) {
			case "23514" -> ConstraintMessages.isConflict(ex)
					? Problems.of(ProblemType.CONFLICT, ConstraintMessages.violation(ex))
					: Problems.of(ProblemType.INVALID_VALUE, ConstraintMessages.invalid(ex));
			case "22003" -> Problems.of(ProblemType.AMOUNT_OUT_OF_RANGE,
					"A number in the request is too large for what it counts");
			case "22008", "22009" -> Problems.of(ProblemType.INVALID_VALUE,
					"A date or time in the request is outside the range the service can store");
			case "22021", "22P05" -> Problems.of(ProblemType.MALFORMED_REQUEST,
					"Text in the request " + WellFormedText.PROBLEM);
			default -> Problems.of(ProblemType.CONFLICT, ConstraintMessages.violation(ex));
		});
	}

	/** Exact arithmetic on money or quantities overflowed ({@code Math.*Exact}): the amounts are too large. */
	@ExceptionHandler(ArithmeticException.class)
	ResponseEntity<ProblemDetail> overflow(ArithmeticException ex) {
		if (ex.getMessage() == null || !ex.getMessage().contains("overflow")) {
			return unexpected(ex);
		}
		log.info("Arithmetic overflow answered as 422", ex);
		return respond(Problems.of(ProblemType.AMOUNT_OUT_OF_RANGE,
				"The amounts involved are too large to compute; use smaller prices or quantities"));
	}

	// TransientDataAccessResourceException: what jOOQ's translated "connection is not available" becomes
	// (the platform DSL's, for example the login throttle's), a database down like the others.
	@ExceptionHandler({ CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
			DataAccessResourceFailureException.class, TransientDataAccessResourceException.class })
	ResponseEntity<ProblemDetail> databaseDown(Exception ex) {
		log.warn("Database unavailable: {}", ex.getMessage());
		ProblemDetail problem = Problems.databaseUnavailable();
		return ResponseEntity.status(problem.getStatus())
			.header(HttpHeaders.RETRY_AFTER, Problems.DATABASE_RETRY_AFTER_SECONDS)
			.body(problem);
	}

	/**
	 * jOOQ's own exception reaches here untranslated from some paths of the platform DSL (the login
	 * throttle's upsert with the pool exhausted, for one): a lost or unreachable database is 503 like
	 * the others, anything else the generic 500.
	 */
	@ExceptionHandler(org.jooq.exception.DataAccessException.class)
	ResponseEntity<ProblemDetail> jooq(org.jooq.exception.DataAccessException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.sql.SQLTransientConnectionException || cause instanceof java.sql.SQLException sql
					&& sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
				return databaseDown(ex);
			}
		}
		return unexpected(ex);
	}

	@ExceptionHandler({ AccessDeniedException.class, AuthorizationDeniedException.class })
	ResponseEntity<ProblemDetail> denied(Exception ex) {
		return respond(Problems.of(ProblemType.FORBIDDEN, "Your role does not allow this action"));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		log.error("Unhandled error", ex);
		return respond(Problems.of(ProblemType.INTERNAL, "Something went wrong on our side; it has been logged"));
	}

	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getBindingResult()
			.getAllErrors()
			.stream()
			.map(e -> new FieldProblem(e instanceof FieldError f ? f.getField() : e.getObjectName(),
					e.getDefaultMessage()))
			.sorted(Comparator.comparing(FieldProblem::field))
			.toList();
		return asObject(Problems.validation("The request has invalid fields", errors));
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<FieldProblem> errors = ex.getParameterValidationResults()
			.stream()
			.flatMap(r -> r.getResolvableErrors()
				.stream()
				.map(e -> new FieldProblem(r.getMethodParameter().getParameterName(), e.getDefaultMessage())))
			.toList();
		return asObject(Problems.validation("The request has invalid parameters", errors));
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (BoundedBodyRequest.causedBy(ex)) {
			return asObject(Problems.of(ProblemType.PAYLOAD_TOO_LARGE, "The request body is too large"));
		}
		ProblemDetail problem = Problems.of(ProblemType.MALFORMED_REQUEST, JsonMessages.describe(ex));
		JsonMessages.fieldProblem(ex).ifPresent(field -> problem.setProperty("errors", List.of(field)));
		return asObject(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return asObject(Problems.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json"));
	}

	@Override
	protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// headers carries Allow, which a 405 must include (RFC 9110 section 15.5.6).
		ProblemDetail problem = Problems.of(ProblemType.METHOD_NOT_ALLOWED,
				"Method " + ex.getMethod() + " is not supported here");
		return ResponseEntity.status(problem.getStatus()).headers(headers).body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		return asObject(Problems.of(ProblemType.NOT_FOUND, "No such resource"));
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		// Everything else Spring MVC maps itself keeps its status but gets our problem shape.
		ProblemType type = statusCode.is5xxServerError() ? ProblemType.INTERNAL : ProblemType.MALFORMED_REQUEST;
		ProblemDetail problem = Problems.of(type,
				statusCode.is5xxServerError() ? "Something went wrong on our side" : ex.getMessage());
		problem.setStatus(statusCode.value());
		return ResponseEntity.status(statusCode).headers(headers).body(problem);
	}

	private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	private static ResponseEntity<Object> asObject(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	private static String sqlState(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
			if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
				return sql.getSQLState();
			}
		}
		return "";
	}

	private static String lastNode(String path) {
		int dot = path.lastIndexOf('.');
		return dot < 0 ? path : path.substring(dot + 1);
	}


}
