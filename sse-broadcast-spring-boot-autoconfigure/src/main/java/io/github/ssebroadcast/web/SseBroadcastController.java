package io.github.ssebroadcast.web;

import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.event.SseEventEncoder;
import io.github.ssebroadcast.stream.SseStream;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The event stream that clients subscribe to, at {@code sse.broadcast.path}.
 */
@RestController
public class SseBroadcastController {

	/** Path mapping, resolved from the properties. */
	public static final String PATH = "${sse.broadcast.path:/sse/broadcast}";

	private final SseBroadcaster broadcaster;

	public SseBroadcastController(SseBroadcaster broadcaster) {
		this.broadcaster = broadcaster;
	}

	/**
	 * Subscribe to every broadcast event. A {@code HEAD} request gets the headers of a
	 * stream and no stream: the container drops what is written to it, so no write would
	 * ever fail and tell that the client has gone, and it would hold a client slot forever.
	 * @param method the request's method, {@code GET} or {@code HEAD}
	 * @return the client's stream, or for {@code HEAD} a stream that ends at once
	 */
	@GetMapping(path = PATH, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	public SseStream subscribe(HttpMethod method) {
		if (HttpMethod.HEAD.equals(method)) {
			SseStream headersOnly = new SseStream(null, SseEventEncoder.comment(""));
			headersOnly.complete();
			return headersOnly;
		}
		return this.broadcaster.subscribe();
	}

}
