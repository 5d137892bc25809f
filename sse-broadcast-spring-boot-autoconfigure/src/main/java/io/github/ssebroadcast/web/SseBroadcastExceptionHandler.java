package io.github.ssebroadcast.web;

import java.net.URI;
import java.time.Duration;

import io.github.ssebroadcast.broadcast.SseRelayException;
import io.github.ssebroadcast.broadcast.SseSubscriptionRejectedException;
import io.github.ssebroadcast.broadcast.SseUserLimitExceededException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a subscription the broadcaster refuses with an RFC 9457 problem response and
 * {@code Retry-After} (503, or 429 for a user with too many streams), a subscription that
 * asks for what cannot be given with a 400 problem naming the parameter, and a subscription
 * or a broadcast the {@link SseBroadcastAuthorizer} denies with a 403 problem naming the
 * topic; {@link SseBroadcastRequestExceptionHandler} answers bad broadcast requests.
 * <p>Scoped to the starter's own controllers and ordered first, so an application's global
 * exception handler never writes onto an event stream, and the problem is written as
 * {@code application/problem+json} even to a client that accepts only
 * {@code text/event-stream}.
 */
@RestControllerAdvice(assignableTypes = { SseBroadcastController.class, SseBroadcastApiController.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SseBroadcastExceptionHandler {

	private final Duration retryAfter;

	/**
	 * Create the handler.
	 * @param retryAfter how long a rejected client should wait before it retries
	 */
	public SseBroadcastExceptionHandler(Duration retryAfter) {
		this.retryAfter = retryAfter;
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> rejected(SseSubscriptionRejectedException ex, HttpServletRequest request) {
		return response(problem(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage(), request), retryAfterSeconds());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> userLimitExceeded(SseUserLimitExceededException ex, HttpServletRequest request) {
		return response(problem(HttpStatus.TOO_MANY_REQUESTS, ex.getMessage() + "; close one before opening another",
				request), retryAfterSeconds());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> denied(SseAccessDeniedException ex, HttpServletRequest request) {
		ProblemDetail problem = problem(HttpStatus.FORBIDDEN, ex.getMessage(), request);
		if (ex.getTopic() != null) {
			problem.setProperty("topic", ex.getTopic());
		}
		return response(problem, null);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> relayUnavailable(SseRelayException ex, HttpServletRequest request) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE,
				"The relay between instances could not reach Redis: " + ex.getMessage() + "; retry later", request);
		return response(problem, retryAfterSeconds());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> relayUnavailableMidBatch(SseBroadcastBatchInterruptedException ex,
			HttpServletRequest request) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE,
				"The relay between instances could not reach Redis: " + ex.getMessage() + "; the first "
						+ ex.getPublished() + " events of the batch were sent, send the rest later",
				request);
		problem.setProperty("published", ex.getPublished());
		return response(problem, retryAfterSeconds());
	}

	private String retryAfterSeconds() {
		return String.valueOf(Math.max(1, (this.retryAfter.toMillis() + 999) / 1000));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> badSubscription(SseSubscriptionRequestException ex, HttpServletRequest request) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, ex.getMessage(), request);
		problem.setProperty("parameter", ex.getParameter());
		return response(problem, null);
	}

	static ProblemDetail problem(HttpStatus status, String detail, HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		// the request's own path, also when the container answers it with an error dispatch
		Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		problem.setInstance(URI.create((path instanceof String original) ? original : request.getRequestURI()));
		return problem;
	}

	static ResponseEntity<ProblemDetail> response(ProblemDetail problem, @Nullable String retryAfter) {
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(problem.getStatus())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		if (retryAfter != null) {
			builder.header(HttpHeaders.RETRY_AFTER, retryAfter);
		}
		return builder.body(problem);
	}

}
