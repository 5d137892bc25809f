package io.github.ssebroadcast.servlet;

import java.time.Duration;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.broadcast.SseConnection;
import io.github.ssebroadcast.broadcast.SseDataSerializer;
import io.github.ssebroadcast.broadcast.SseSubscription;
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
 *     this.scheduler.schedule(() -&gt; stream.sendObject("tick", new Tick(1)), 1, TimeUnit.SECONDS);
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

	@Nullable
	private final SseDataSerializer dataSerializer;

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
		this(timeout, reconnectTime, maxBacklogBytes, writeTimeout, null);
	}

	/**
	 * Create a factory of streams that send data objects as JSON.
	 * @param timeout how long a stream may stay open, or {@code null} for no limit
	 * @param reconnectTime the {@code retry:} each stream sends when it opens
	 * @param maxBacklogBytes the most bytes of events that may wait for the client of a
	 * per-connection stream; past it the stream ends
	 * @param writeTimeout how long the client of a per-connection stream may take nothing
	 * while events wait for it before the stream ends
	 * @param dataSerializer how per-connection streams serialize data that is not a
	 * {@link String}, or {@code null} to accept only strings
	 */
	public SseStreams(@Nullable Duration timeout, Duration reconnectTime, long maxBacklogBytes,
			Duration writeTimeout, @Nullable SseDataSerializer dataSerializer) {
		Assert.isTrue(timeout == null || (!timeout.isNegative() && !timeout.isZero()), "'timeout' must be positive");
		Assert.notNull(reconnectTime, "'reconnectTime' must not be null");
		Assert.isTrue(maxBacklogBytes > 0, "'maxBacklogBytes' must be positive");
		Assert.isTrue(writeTimeout != null && !writeTimeout.isNegative() && !writeTimeout.isZero(),
				"'writeTimeout' must be positive");
		this.timeout = timeout;
		this.reconnectTime = reconnectTime;
		this.maxBacklogBytes = maxBacklogBytes;
		this.writeTimeout = writeTimeout;
		this.dataSerializer = dataSerializer;
	}

	/**
	 * Open a stream. Its response is committed as soon as the controller returns it.
	 * @return the stream, to be returned by the controller
	 */
	public SseStream open() {
		return withSerializer(new SseStream(this.timeout, SseEventEncoder.reconnectTime(this.reconnectTime),
				this.maxBacklogBytes, this.writeTimeout));
	}

	/**
	 * Open a stream whose first event, sent at once, is the given one instead of a bare
	 * {@code retry:} line. Give the event a reconnect time so that clients get one.
	 * @param openingEvent the first event, which commits the response
	 * @return the stream, to be returned by the controller
	 */
	public SseStream open(SseEvent openingEvent) {
		return withSerializer(new SseStream(this.timeout, SseEventEncoder.encode(openingEvent),
				this.maxBacklogBytes, this.writeTimeout));
	}

	private SseStream withSerializer(SseStream stream) {
		if (this.dataSerializer != null) {
			stream.setDataSerializer(this.dataSerializer);
		}
		return stream;
	}

	/**
	 * Open a stream of the events the given broadcaster sends to everyone, from now on, as a
	 * new anonymous client of it.
	 * @param broadcaster the broadcaster
	 * @return the stream, to be returned by the controller
	 * @throws SseSubscriptionRejectedException if the broadcaster's client limit is reached
	 * or it is shutting down
	 */
	public SseStream subscribe(SseBroadcaster broadcaster) {
		return subscribe(broadcaster, SseSubscription.broadcasts());
	}

	/**
	 * Open a stream of the given broadcaster's events, as a new client of it: the events
	 * sent to everyone, to the subscription's topics and to its user, after the events the
	 * client missed when it resumes. The broadcaster sends its first frames and bounds what
	 * waits for the client.
	 * @param broadcaster the broadcaster
	 * @param subscription what the client receives, and where it resumes
	 * @return the stream, to be returned by the controller
	 * @throws SseSubscriptionRejectedException if the broadcaster's client limit is reached
	 * or it is shutting down
	 */
	public SseStream subscribe(SseBroadcaster broadcaster, SseSubscription subscription) {
		SseStream stream = new SseStream(this.timeout, null, this.maxBacklogBytes, this.writeTimeout);
		SseConnection connection = broadcaster.connect(stream, subscription);
		stream.connectTo(connection);
		return stream;
	}

}
