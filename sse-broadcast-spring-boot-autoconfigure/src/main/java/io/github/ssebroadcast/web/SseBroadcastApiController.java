package io.github.ssebroadcast.web;

import java.io.IOException;
import java.security.Principal;
import java.time.Duration;

import io.github.ssebroadcast.broadcast.BroadcastResult;
import io.github.ssebroadcast.broadcast.SseAudience;
import io.github.ssebroadcast.broadcast.SseBroadcaster;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncUtils;

/**
 * The JSON endpoint that broadcasts an event to every client, or publishes it to the
 * subscribers of a topic, at {@code sse.broadcast.api.path}.
 * <p>The body is read and validated here rather than bound by a message converter, so that
 * every bad input gets a precise problem response (400, 406, 408, 413 or 415) and nothing is
 * broadcast. It is parsed by a strict JSON parser of the starter's own, not by the
 * application's JSON library: a {@code data} value that is not a string reaches clients
 * exactly as written.
 * <p>The body is read without holding a request thread: the answer is a
 * {@link DeferredResult}, and once Spring MVC has started the asynchronous request, the body
 * is read with the Servlet API's non-blocking input as it arrives. Clients that send their
 * bodies slowly then cannot take the request threads that the streams and the rest of the
 * application need, and a body not complete within the read timeout gets a {@code 408}. The
 * request has passed every filter of the application by then, security included. A request
 * that expects {@code 100 Continue} is read at once, with a blocking read: Tomcat sends
 * {@code 100 Continue} only for one, and a non-blocking read would wait for a body the client
 * never sends.
 */
@RestController
public class SseBroadcastApiController {

	/** Path mapping, resolved from the properties. */
	public static final String PATH = "${sse.broadcast.api.path:/api/broadcast}";

	private static final String EXPECT_CONTINUE = "100-continue";

	private static final String INTERCEPTOR_KEY = SseBroadcastApiController.class.getName() + ".body";

	private final SseBroadcaster broadcaster;

	private final SseBroadcastRequestReader requestReader;

	private final Duration readTimeout;

	private final SseBroadcastAuthorizer authorizer;

	/**
	 * Create the controller, which lets every caller publish to everyone and to every topic.
	 * @param broadcaster the broadcaster
	 * @param maxBodySize the largest accepted body, in bytes
	 * @param readTimeout how long a body may take to arrive
	 */
	public SseBroadcastApiController(SseBroadcaster broadcaster, int maxBodySize, Duration readTimeout) {
		this(broadcaster, maxBodySize, readTimeout, SseBroadcastAuthorizer.ALLOW_ALL);
	}

	/**
	 * Create the controller.
	 * @param broadcaster the broadcaster
	 * @param maxBodySize the largest accepted body, in bytes
	 * @param readTimeout how long a body may take to arrive
	 * @param authorizer decides what a caller may publish to
	 */
	public SseBroadcastApiController(SseBroadcaster broadcaster, int maxBodySize, Duration readTimeout,
			SseBroadcastAuthorizer authorizer) {
		this.broadcaster = broadcaster;
		this.requestReader = new SseBroadcastRequestReader(maxBodySize);
		this.readTimeout = readTimeout;
		this.authorizer = authorizer;
	}

	/**
	 * Broadcast the event described by the JSON body, once it has arrived.
	 * @param request the request
	 * @return what was broadcast, and to how many clients
	 * @throws IOException if the body cannot be read
	 */
	@PostMapping(path = PATH)
	public DeferredResult<SseBroadcastOkResponse> broadcast(HttpServletRequest request) throws IOException {
		this.requestReader.checkHeaders(request);
		// taken here, on the thread that received the request: the body may arrive on another,
		// where a security context held by the thread is not set
		Principal principal = request.getUserPrincipal();
		DeferredResult<SseBroadcastOkResponse> result = new DeferredResult<>(this.readTimeout.toMillis());
		if (EXPECT_CONTINUE.equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT)) || !request.isAsyncSupported()) {
			result.setResult(broadcast(this.requestReader.read(request), principal));
			return result;
		}
		result.onTimeout(() -> result.setErrorResult(new SseBroadcastRequestException(HttpStatus.REQUEST_TIMEOUT,
				null, "Request body did not arrive within " + this.readTimeout.toMillis() + " ms; send it at once")));
		// a read that failed, reported by the container to the asynchronous request rather than
		// to the reader: answered as the reader's own failures are
		result.onError((ex) -> result.setErrorResult(SseBroadcastRequestReader.unreadable(ex)));
		NonBlockingBodyReader body = new NonBlockingBodyReader(request.getInputStream(), this.requestReader,
				(bytes) -> complete(result, bytes, principal), result::setErrorResult);
		// the request is asynchronous only once this method has returned the DeferredResult
		WebAsyncUtils.getAsyncManager(request).registerDeferredResultInterceptor(INTERCEPTOR_KEY,
				new DeferredResultProcessingInterceptor() {

					@Override
					public <T> void preProcess(NativeWebRequest webRequest, DeferredResult<T> deferredResult) {
						if (deferredResult == result) {
							body.start();
						}
					}

				});
		return result;
	}

	private void complete(DeferredResult<SseBroadcastOkResponse> result, byte[] body,
			@Nullable Principal principal) {
		try {
			result.setResult(broadcast(SseBroadcastRequestReader.read(body), principal));
		}
		catch (RuntimeException ex) {
			// a bad request, a denial, an unreachable relay, or a failure of the application's
			// authorizer: answered by Spring MVC's exception handling, as on the request's thread
			result.setErrorResult(ex);
		}
	}

	private SseBroadcastOkResponse broadcast(SseBroadcastRequest body, @Nullable Principal principal) {
		Duration retry = (body.retry() != null) ? Duration.ofMillis(body.retry()) : null;
		SseAudience audience = (body.topic() != null) ? SseAudience.topic(body.topic()) : SseAudience.everyone();
		if (!this.authorizer.canPublish(principal, audience)) {
			throw new SseAccessDeniedException(body.topic(), (body.topic() != null)
					? "Not allowed to publish to topic " + StrictJsonParser.quote(body.topic())
					: "Not allowed to broadcast to every client; publish to a topic you may publish to");
		}
		// already the text to send, so the broadcaster sends it as is
		BroadcastResult result = this.broadcaster.send(audience, body.event(), body.data(), body.id(), retry);
		return new SseBroadcastOkResponse(true, body.event(), result.queued());
	}

}
