package io.github.ssebroadcast.web;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a broadcast request that cannot be accepted with an RFC 9457 problem response
 * naming what is wrong.
 * <p>Not scoped to the starter's controllers, unlike {@link SseBroadcastExceptionHandler}:
 * when the container reports a body it could not read to the asynchronous request, as
 * Tomcat does for broken chunked framing, it answers with an error dispatch, which Spring MVC
 * handles with the application's error controller. Only the starter throws
 * {@link SseBroadcastRequestException}, so no other error is answered here.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SseBroadcastRequestExceptionHandler {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> badRequest(SseBroadcastRequestException ex, HttpServletRequest request) {
		ProblemDetail problem = SseBroadcastExceptionHandler.problem(ex.getStatus(), ex.getMessage(), request);
		if (ex.getField() != null) {
			problem.setProperty("field", ex.getField());
		}
		return SseBroadcastExceptionHandler.response(problem, null);
	}

}
