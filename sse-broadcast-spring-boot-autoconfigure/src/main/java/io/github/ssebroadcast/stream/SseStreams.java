package io.github.ssebroadcast.stream;

import java.time.Duration;

import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.event.SseEventEncoder;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Opens per-connection {@link SseStream streams} with the application's configured timeout
 * and reconnect time, for controllers that stream events of their own:
 * <pre class="code">
 * &#64;GetMapping("/progress")
 * public SseStream progress() {
 *     SseStream stream = this.streams.open();
 *     this.scheduler.schedule(() -&gt; stream.send("tick", "{\"i\":1}"), 1, TimeUnit.SECONDS);
 *     return stream;
 * }
 * </pre>
 */
public class SseStreams {

	@Nullable
	private final Duration timeout;

	private final Duration reconnectTime;

	/**
	 * Create a factory of streams.
	 * @param timeout how long a stream may stay open, or {@code null} for no limit
	 * @param reconnectTime the {@code retry:} each stream sends when it opens
	 */
	public SseStreams(@Nullable Duration timeout, Duration reconnectTime) {
		Assert.notNull(reconnectTime, "'reconnectTime' must not be null");
		this.timeout = timeout;
		this.reconnectTime = reconnectTime;
	}

	/**
	 * Open a stream. Its response is committed as soon as the controller returns it.
	 * @return the stream, to be returned by the controller
	 */
	public SseStream open() {
		return new SseStream(this.timeout, this.reconnectTime);
	}

	/**
	 * Open a stream whose first event, sent at once, is the given one instead of a bare
	 * {@code retry:} line. Give the event a reconnect time so that clients get one.
	 * @param openingEvent the first event, which commits the response
	 * @return the stream, to be returned by the controller
	 */
	public SseStream open(SseEvent openingEvent) {
		return new SseStream(this.timeout, SseEventEncoder.encode(openingEvent));
	}

}
