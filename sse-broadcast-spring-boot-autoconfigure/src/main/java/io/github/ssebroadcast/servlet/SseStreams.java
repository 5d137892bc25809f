package io.github.ssebroadcast.servlet;

import java.time.Duration;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.broadcast.SseConnection;
import io.github.ssebroadcast.broadcast.SseSubscriptionRejectedException;
import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.event.SseEventEncoder;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * Opens {@link SseStream streams} with the application's configured timeout, reconnect time
 * and write bounds: per-connection streams for controllers that stream events of their own,
 * and streams of a {@link SseBroadcaster}'s events:
 * <pre class="code">
 * &#64;GetMapping("/progress")
 * public SseStream progress() {
 *     SseStream stream = this.streams.open();
 *     this.scheduler.schedule(() -&gt; stream.send("tick", "{\"i\":1}"), 1, TimeUnit.SECONDS);
 *     return stream;
 * }
 *
 * &#64;GetMapping("/news")
 * public SseStream news() {
 *     return this.streams.subscribe(this.newsBroadcaster);
 * }
 * </pre>
 */
public class SseStreams {

	@Nullable
	private final Duration timeout;

	private final Duration reconnectTime;

	private final long maxBacklogBytes;

	private final Duration writeTimeout;

	/**
	 * Create a factory of streams with the default bound of a stream's backlog and write
	 * timeout.
	 * @param timeout how long a stream may stay open, or {@code null} for no limit
	 * @param reconnectTime the {@code retry:} each stream sends when it opens
	 */
	public SseStreams(@Nullable Duration timeout, Duration reconnectTime) {
		this(timeout, reconnectTime, SseStream.DEFAULT_MAX_BACKLOG_BYTES, DefaultSseBroadcaster.DEFAULT_WRITE_TIMEOUT);
	}

	/**
	 * Create a factory of streams.
	 * @param timeout how long a stream may stay open, or {@code null} for no limit
	 * @param reconnectTime the {@code retry:} each stream sends when it opens
	 * @param maxBacklogBytes the most bytes of events that may wait for the client of a
	 * per-connection stream; past it the stream ends
	 * @param writeTimeout how long the client of a per-connection stream may take nothing
	 * while events wait for it before the stream ends
	 */
	public SseStreams(@Nullable Duration timeout, Duration reconnectTime, long maxBacklogBytes,
			Duration writeTimeout) {
		Assert.isTrue(timeout == null || (!timeout.isNegative() && !timeout.isZero()), "'timeout' must be positive");
		Assert.notNull(reconnectTime, "'reconnectTime' must not be null");
		Assert.isTrue(maxBacklogBytes > 0, "'maxBacklogBytes' must be positive");
		Assert.isTrue(writeTimeout != null && !writeTimeout.isNegative() && !writeTimeout.isZero(),
				"'writeTimeout' must be positive");
		this.timeout = timeout;
		this.reconnectTime = reconnectTime;
		this.maxBacklogBytes = maxBacklogBytes;
		this.writeTimeout = writeTimeout;
	}

	/**
	 * Open a stream. Its response is committed as soon as the controller returns it.
	 * @return the stream, to be returned by the controller
	 */
	public SseStream open() {
		return new SseStream(this.timeout, SseEventEncoder.reconnectTime(this.reconnectTime), this.maxBacklogBytes,
				this.writeTimeout);
	}

	/**
	 * Open a stream whose first event, sent at once, is the given one instead of a bare
	 * {@code retry:} line. Give the event a reconnect time so that clients get one.
	 * @param openingEvent the first event, which commits the response
	 * @return the stream, to be returned by the controller
	 */
	public SseStream open(SseEvent openingEvent) {
		return new SseStream(this.timeout, SseEventEncoder.encode(openingEvent), this.maxBacklogBytes,
				this.writeTimeout);
	}

	/**
	 * Open a stream of the given broadcaster's events, as a new client of it. The
	 * broadcaster sends its first frame and bounds what waits for the client.
	 * @param broadcaster the broadcaster
	 * @return the stream, to be returned by the controller
	 * @throws SseSubscriptionRejectedException if the broadcaster's client limit is reached
	 * or it is shutting down
	 */
	public SseStream subscribe(SseBroadcaster broadcaster) {
		SseStream stream = new SseStream(this.timeout, null, this.maxBacklogBytes, this.writeTimeout);
		SseConnection connection = broadcaster.connect(stream);
		stream.connectTo(connection);
		return stream;
	}

}
