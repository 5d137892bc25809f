package io.github.ssebroadcast.web;

import java.io.IOException;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.ssebroadcast.broadcast.BroadcastResult;
import io.github.ssebroadcast.broadcast.SseAudience;
import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.broadcast.SseRelayException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncUtils;

/**
 * The JSON endpoint that broadcasts an event to every client, or publishes it to the
 * subscribers of a topic, at {@code sse.broadcast.api.path}; and the one below it,
 * {@code /batch}, that sends several such events in one request, for publishers whose rate
 * one request per event would not keep up with.
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

	/** Path mapping of the batch endpoint, below the broadcast endpoint's path. */
	public static final String BATCH_PATH = PATH + "/batch";

	/** Most events a batch may hold unless configured otherwise. */
	public static final int DEFAULT_MAX_BATCH_EVENTS = 1000;

	private static final String EXPECT_CONTINUE = "100-continue";

	private static final String INTERCEPTOR_KEY = SseBroadcastApiController.class.getName() + ".body";

	private final SseBroadcaster broadcaster;

	private final SseBroadcastRequestReader requestReader;

	private final Duration readTimeout;

	private final SseBroadcastAuthorizer authorizer;

	private final int maxBatchEvents;

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
		this(broadcaster, maxBodySize, readTimeout, authorizer, DEFAULT_MAX_BATCH_EVENTS);
	}

	/**
	 * Create the controller.
	 * @param broadcaster the broadcaster
	 * @param maxBodySize the largest accepted body, in bytes, of a single event or a batch
	 * @param readTimeout how long a body may take to arrive
	 * @param authorizer decides what a caller may publish to
	 * @param maxBatchEvents the most events a batch may hold
	 */
	public SseBroadcastApiController(SseBroadcaster broadcaster, int maxBodySize, Duration readTimeout,
			SseBroadcastAuthorizer authorizer, int maxBatchEvents) {
		Assert.isTrue(maxBatchEvents > 0, "maxBatchEvents must be positive");
		this.broadcaster = broadcaster;
		this.requestReader = new SseBroadcastRequestReader(maxBodySize);
		this.readTimeout = readTimeout;
		this.authorizer = authorizer;
		this.maxBatchEvents = maxBatchEvents;
	}

	/**
	 * Broadcast the event described by the JSON body, once it has arrived.
	 * @param request the request
	 * @return what was broadcast, and to how many clients
	 * @throws IOException if the body cannot be read
	 */
	@PostMapping(path = PATH)
	public DeferredResult<SseBroadcastOkResponse> broadcast(HttpServletRequest request) throws IOException {
		return withBody(request,
				(body, principal) -> broadcast(SseBroadcastRequestReader.read(body), principal));
	}

	/**
	 * Send every event of the batch described by the JSON body, in order, once it has
	 * arrived: each to every client, or to the subscribers of its topic. The whole batch is
	 * read, validated and authorized before the first event is sent, so that a bad event
	 * stops them all.
	 * @param request the request
	 * @return how many events were sent, and to how many clients each
	 * @throws IOException if the body cannot be read
	 */
	@PostMapping(path = BATCH_PATH)
	public DeferredResult<SseBroadcastBatchResponse> broadcastBatch(HttpServletRequest request) throws IOException {
		return withBody(request, (body, principal) -> broadcastBatch(
				SseBroadcastRequestReader.readBatch(body, this.maxBatchEvents), principal));
	}

	/**
	 * Answer a request once its body has arrived, with what the handler makes of it.
	 */
	private <T> DeferredResult<T> withBody(HttpServletRequest request, BodyHandler<T> handler) throws IOException {
		this.requestReader.checkHeaders(request);
		// taken here, on the thread that received the request: the body may arrive on another,
		// where a security context held by the thread is not set
		Principal principal = request.getUserPrincipal();
		DeferredResult<T> result = new DeferredResult<>(this.readTimeout.toMillis());
		if (EXPECT_CONTINUE.equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT)) || !request.isAsyncSupported()) {
			result.setResult(handler.handle(this.requestReader.readBody(request), principal));
			return result;
		}
		result.onTimeout(() -> result.setErrorResult(new SseBroadcastRequestException(HttpStatus.REQUEST_TIMEOUT,
				null, "Request body did not arrive within " + this.readTimeout.toMillis() + " ms; send it at once")));
		// a read that failed, reported by the container to the asynchronous request rather than
		// to the reader: answered as the reader's own failures are
		result.onError((ex) -> result.setErrorResult(SseBroadcastRequestReader.unreadable(ex)));
		NonBlockingBodyReader body = new NonBlockingBodyReader(request.getInputStream(), this.requestReader,
				(bytes) -> complete(result, bytes, principal, handler), result::setErrorResult);
		// the request is asynchronous only once this method has returned the DeferredResult
		WebAsyncUtils.getAsyncManager(request).registerDeferredResultInterceptor(INTERCEPTOR_KEY,
				new DeferredResultProcessingInterceptor() {

					@Override
					public <R> void preProcess(NativeWebRequest webRequest, DeferredResult<R> deferredResult) {
						if (deferredResult == result) {
							body.start();
						}
					}

				});
		return result;
	}

	private static <T> void complete(DeferredResult<T> result, byte[] body, @Nullable Principal principal,
			BodyHandler<T> handler) {
		try {
			result.setResult(handler.handle(body, principal));
		}
		catch (RuntimeException ex) {
			// a bad request, a denial, an unreachable relay, or a failure of the application's
			// authorizer: answered by Spring MVC's exception handling, as on the request's thread
			result.setErrorResult(ex);
		}
	}

	private SseBroadcastBatchResponse broadcastBatch(List<SseBroadcastRequest> events, @Nullable Principal principal) {
		for (SseBroadcastRequest event : events) {
			authorize(event, principal);
		}
		List<Integer> connected = new ArrayList<>(events.size());
		for (SseBroadcastRequest event : events) {
			try {
				connected.add(send(event).queued());
			}
			catch (SseRelayException ex) {
				throw new SseBroadcastBatchInterruptedException(connected.size(), ex);
			}
		}
		return new SseBroadcastBatchResponse(true, connected.size(), connected);
	}

	private SseBroadcastOkResponse broadcast(SseBroadcastRequest body, @Nullable Principal principal) {
		authorize(body, principal);
		return new SseBroadcastOkResponse(true, body.event(), send(body).queued());
	}

	private void authorize(SseBroadcastRequest body, @Nullable Principal principal) {
		if (!this.authorizer.canPublish(principal, audience(body))) {
			throw new SseAccessDeniedException(body.topic(), (body.topic() != null)
					? "Not allowed to publish to topic " + StrictJsonParser.quote(body.topic())
					: "Not allowed to broadcast to every client; publish to a topic you may publish to");
		}
	}

	private BroadcastResult send(SseBroadcastRequest body) {
		Duration retry = (body.retry() != null) ? Duration.ofMillis(body.retry()) : null;
		// already the text to send, so the broadcaster sends it as is
		return this.broadcaster.send(audience(body), body.event(), body.data(), body.id(), retry);
	}

	private static SseAudience audience(SseBroadcastRequest body) {
		return (body.topic() != null) ? SseAudience.topic(body.topic()) : SseAudience.everyone();
	}

	/**
	 * What an endpoint makes of a request's body.
	 */
	@FunctionalInterface
	private interface BodyHandler<T> {

		T handle(byte[] body, @Nullable Principal principal);

	}

}
