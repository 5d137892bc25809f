package io.github.ssebroadcast.web;

import java.io.IOException;
import java.time.Duration;

import io.github.ssebroadcast.broadcast.BroadcastResult;
import io.github.ssebroadcast.broadcast.SseBroadcaster;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON endpoint that broadcasts an event to every client, at {@code sse.broadcast.api.path}.
 * <p>The body is read and validated here rather than bound by a message converter, so that
 * every bad input gets a precise problem response (400, 413 or 415) and nothing is broadcast.
 * It is parsed by a strict JSON parser of the starter's own, not by the application's JSON
 * library: a {@code data} value that is not a string reaches clients exactly as written.
 */
@RestController
public class SseBroadcastApiController {

	/** Path mapping, resolved from the properties. */
	public static final String PATH = "${sse.broadcast.api.path:/api/broadcast}";

	private final SseBroadcaster broadcaster;

	private final SseBroadcastRequestReader requestReader;

	/**
	 * Create the controller.
	 * @param broadcaster the broadcaster
	 * @param maxBodySize the largest accepted body, in bytes
	 */
	public SseBroadcastApiController(SseBroadcaster broadcaster, int maxBodySize) {
		this.broadcaster = broadcaster;
		this.requestReader = new SseBroadcastRequestReader(maxBodySize);
	}

	/**
	 * Broadcast the event described by the JSON body.
	 * @param request the request
	 * @return what was broadcast, and to how many clients
	 * @throws IOException if the body cannot be read
	 */
	@PostMapping(path = PATH)
	public SseBroadcastOkResponse broadcast(HttpServletRequest request) throws IOException {
		SseBroadcastRequest body = this.requestReader.read(request);
		Duration retry = (body.retry() != null) ? Duration.ofMillis(body.retry()) : null;
		// already the text to send, so the broadcaster sends it as is
		BroadcastResult result = this.broadcaster.broadcast(body.event(), body.data(), body.id(), retry);
		return new SseBroadcastOkResponse(true, body.event(), result.queued());
	}

}
