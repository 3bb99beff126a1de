package io.sokoni.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The answer of an error the servlet container sends itself after the filters (for example 405 for a
 * TRACE request, which Tomcat refuses): a problem detail like every other answer of the API, in place of
 * Spring Boot's own JSON error body. Errors of the application are answered by {@link ProblemDetailsAdvice}
 * and never come here.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
		ProblemType type = ProblemType.forStatus(status);
		ProblemDetail problem = Problems.of(type, type.title());
		problem.setStatus(status);
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
