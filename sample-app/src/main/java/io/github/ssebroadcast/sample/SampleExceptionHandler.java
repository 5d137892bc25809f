package io.github.ssebroadcast.sample;

import java.net.URI;
import java.util.List;

import io.github.ssebroadcast.broadcast.SseSubscriptionRejectedException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.StringUtils;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Answers bad input to the sample's endpoints with a 400 (or 415) problem that names the
 * parameter or field at fault in {@code detail} and in {@code field}, never a 500.
 * <p>Scoped to the sample's controllers and written as {@code application/problem+json}
 * whatever the client accepts, so an {@code EventSource} asking for
 * {@code text/event-stream} gets a readable error rather than a stream.
 */
@RestControllerAdvice(assignableTypes = { TickStreamController.class, ProgressController.class,
		NotificationController.class })
@Order(Ordered.HIGHEST_PRECEDENCE)
class SampleExceptionHandler {

	@ExceptionHandler
	ResponseEntity<ProblemDetail> badRequest(BadRequestException ex, HttpServletRequest request) {
		return problem(HttpStatus.BAD_REQUEST, ex.getMessage(), ex.getField(), request);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException ex, HttpServletRequest request) {
		String name = ex.getName();
		return problem(HttpStatus.BAD_REQUEST,
				"'" + name + "' must be " + expected(ex.getRequiredType()) + ", not '" + ex.getValue() + "'", name,
				request);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notValid(MethodArgumentNotValidException ex, HttpServletRequest request) {
		FieldError error = ex.getBindingResult().getFieldError();
		if (error == null) {
			return problem(HttpStatus.BAD_REQUEST, "Request body is invalid", null, request);
		}
		return problem(HttpStatus.BAD_REQUEST, "'" + error.getField() + "' " + error.getDefaultMessage(),
				error.getField(), request);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> notReadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
		Throwable cause = ex.getCause();
		if (cause instanceof DatabindException mapping && !mapping.getPath().isEmpty()) {
			List<JacksonException.Reference> path = mapping.getPath();
			String field = path.get(path.size() - 1).getPropertyName();
			String expected = (mapping instanceof MismatchedInputException mismatch) ? expected(mismatch.getTargetType())
					: "valid";
			return problem(HttpStatus.BAD_REQUEST, "'" + field + "' must be " + expected, field, request);
		}
		if (cause instanceof MismatchedInputException) {
			return problem(HttpStatus.BAD_REQUEST, "Request body must be a JSON object", null, request);
		}
		if (cause instanceof JacksonException parsing) {
			TokenStreamLocation location = parsing.getLocation();
			String where = (location != null)
					? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
			return problem(HttpStatus.BAD_REQUEST, "Malformed JSON" + where, null, request);
		}
		return problem(HttpStatus.BAD_REQUEST, "Request body is missing or unreadable; send a JSON object", null,
				request);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException ex,
			HttpServletRequest request) {
		// as the client sent it: the exception's media type may have gained a charset
		String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
		String detail = StringUtils.hasText(contentType)
				? "Content-Type '" + contentType + "' is not supported; send 'application/json'"
				: "Content-Type is missing; send 'application/json'";
		return problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail, null, request);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> rejected(SseSubscriptionRejectedException ex, HttpServletRequest request) {
		ResponseEntity<ProblemDetail> problem = problem(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage(), null, request);
		return ResponseEntity.status(problem.getStatusCode())
			.headers(problem.getHeaders())
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(TickStreams.RECONNECT_TIME.toSeconds()))
			.body(problem.getBody());
	}

	private static String expected(@Nullable Class<?> type) {
		if (type == null) {
			return "valid";
		}
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
			return "an integer";
		}
		if (type == String.class) {
			return "a string";
		}
		return "a " + type.getSimpleName();
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, @Nullable String field,
			HttpServletRequest request) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setInstance(URI.create(request.getRequestURI()));
		if (field != null) {
			problem.setProperty("field", field);
		}
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
