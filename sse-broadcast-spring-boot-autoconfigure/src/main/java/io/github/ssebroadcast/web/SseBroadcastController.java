package io.github.ssebroadcast.web;

import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.servlet.SseStream;
import io.github.ssebroadcast.servlet.SseStreams;

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

	private final SseStreams streams;

	public SseBroadcastController(SseBroadcaster broadcaster, SseStreams streams) {
		this.broadcaster = broadcaster;
		this.streams = streams;
	}

	/**
	 * Subscribe to every broadcast event.
	 * @return the client's stream
	 */
	@GetMapping(path = PATH, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	public SseStream subscribe() {
		return this.streams.subscribe(this.broadcaster);
	}

}
