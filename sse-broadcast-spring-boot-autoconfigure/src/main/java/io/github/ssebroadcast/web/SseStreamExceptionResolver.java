package io.github.ssebroadcast.web;

import io.github.ssebroadcast.servlet.SseStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Ends an event stream quietly when an exception reaches Spring MVC after the stream was
 * committed, typically because its client went away or a write timed out.
 * <p>Without it the exception travels through the application's exception handlers, and a
 * global {@code @ExceptionHandler(Exception.class)} tries to write JSON onto the event stream,
 * which fails with "No converter ... with preset Content-Type 'text/event-stream'" and a
 * stack trace. This resolver runs before those handlers, for any committed
 * {@code text/event-stream} response, the starter's own or a controller's
 * {@code SseEmitter}, and logs one DEBUG line.
 */
public class SseStreamExceptionResolver implements HandlerExceptionResolver, Ordered {

	private static final Log logger = LogFactory.getLog(SseStream.DISCONNECTED_CLIENT_LOG_CATEGORY);

	private static final DisconnectedClientHelper disconnectedClientHelper = new DisconnectedClientHelper(
			SseStream.DISCONNECTED_CLIENT_LOG_CATEGORY);

	@Override
	@Nullable
	public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
			@Nullable Object handler, Exception ex) {
		if (!response.isCommitted() || !isEventStream(response.getContentType())) {
			return null;
		}
		if (!disconnectedClientHelper.checkAndLogClientDisconnectedException(ex) && logger.isDebugEnabled()) {
			logger.debug("Event stream " + request.getRequestURI() + " ended: " + ex);
		}
		return new ModelAndView();
	}

	private static boolean isEventStream(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			return MediaType.TEXT_EVENT_STREAM.isCompatibleWith(MediaType.parseMediaType(contentType));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	@Override
	public int getOrder() {
		// after DefaultErrorAttributes, which only records the error, before every other resolver
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
