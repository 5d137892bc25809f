package io.github.ssebroadcast.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.OverflowPolicy;
import io.github.ssebroadcast.event.SseEvent;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for Server-Sent Events broadcasting. The broadcaster's settings
 * take their defaults from {@link DefaultSseBroadcaster} and are checked by its builder when
 * the broadcaster is created.
 */
@ConfigurationProperties(SseBroadcastProperties.PREFIX)
public class SseBroadcastProperties {

	/** Prefix of the properties. */
	public static final String PREFIX = "sse.broadcast";

	/**
	 * Whether to enable Server-Sent Events broadcasting.
	 */
	private boolean enabled = true;

	/**
	 * Path of the event stream clients subscribe to.
	 */
	private String path = "/sse/broadcast";

	/**
	 * Interval of keep-alive comments on idle streams, or 0 to send none. Keep it under the
	 * idle timeout of every proxy on the way. If a duration suffix is not specified, seconds
	 * will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration keepAlive = DefaultSseBroadcaster.DEFAULT_KEEP_ALIVE;

	/**
	 * Reconnect time sent to clients as 'retry:' when they connect and when the server shuts
	 * down. If a duration suffix is not specified, milliseconds will be used.
	 */
	private Duration reconnectTime = DefaultSseBroadcaster.DEFAULT_RECONNECT_TIME;

	/**
	 * How long a stream may stay open before the server ends it, or unset for no limit,
	 * regardless of 'spring.mvc.async.request-timeout'. If a duration suffix is not
	 * specified, milliseconds will be used.
	 */
	private @Nullable Duration timeout;

	/**
	 * How long a client may take no bytes at all while events wait for it before the server
	 * ends its stream and drops what waits, whatever the container's own timeouts. If a
	 * duration suffix is not specified, seconds will be used.
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration writeTimeout = DefaultSseBroadcaster.DEFAULT_WRITE_TIMEOUT;

	/**
	 * Maximum number of connected clients, or 0 for no limit. Further clients get a 503
	 * response with a Retry-After header.
	 */
	private int maxClients = DefaultSseBroadcaster.DEFAULT_MAX_CLIENTS;

	/**
	 * Maximum number of streams one authenticated user may have open at once on this
	 * instance, in every tab and on every device, or 0 for no limit. Further streams of that user get a 429
	 * response with a Retry-After header. Anonymous streams are not counted.
	 */
	private int maxClientsPerUser;

	/**
	 * Maximum number of events waiting to be written to one client. With
	 * 'client-queue-max-bytes', bounds the memory a slow client can hold.
	 */
	private int clientQueueCapacity = DefaultSseBroadcaster.DEFAULT_CLIENT_QUEUE_CAPACITY;

	/**
	 * Maximum size of the encoded events waiting to be written to one client. Past it, as
	 * past 'client-queue-capacity', the overflow policy applies.
	 */
	private DataSize clientQueueMaxBytes = DataSize.ofBytes(DefaultSseBroadcaster.DEFAULT_CLIENT_QUEUE_MAX_BYTES);

	/**
	 * What to do with a client whose queue is full, in events or in bytes, because it does
	 * not read fast enough.
	 */
	private OverflowPolicy overflowPolicy = DefaultSseBroadcaster.DEFAULT_OVERFLOW_POLICY;

	/**
	 * Whether each client first receives a 'connected' event with its client id and the
	 * server time.
	 */
	private boolean connectedEvent = DefaultSseBroadcaster.DEFAULT_CONNECTED_EVENT;

	/**
	 * Number of threads writing to clients, or unset for one per CPU and at least 2. Writers
	 * never wait for a client that stopped reading, so more threads than CPUs do not write
	 * faster.
	 */
	private @Nullable Integer writerThreads;

	private final Topics topics = new Topics();

	private final Replay replay = new Replay();

	private final Relay relay = new Relay();

	private final Api api = new Api();

	private final OpenApi openapi = new OpenApi();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		assertPath(path, "path");
		this.path = path;
	}

	public Duration getKeepAlive() {
		return this.keepAlive;
	}

	public void setKeepAlive(Duration keepAlive) {
		this.keepAlive = keepAlive;
	}

	public Duration getReconnectTime() {
		return this.reconnectTime;
	}

	public void setReconnectTime(Duration reconnectTime) {
		this.reconnectTime = reconnectTime;
	}

	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getWriteTimeout() {
		return this.writeTimeout;
	}

	public void setWriteTimeout(Duration writeTimeout) {
		this.writeTimeout = writeTimeout;
	}

	public int getMaxClients() {
		return this.maxClients;
	}

	public void setMaxClients(int maxClients) {
		this.maxClients = maxClients;
	}

	public int getMaxClientsPerUser() {
		return this.maxClientsPerUser;
	}

	public void setMaxClientsPerUser(int maxClientsPerUser) {
		Assert.isTrue(maxClientsPerUser >= 0, "'max-clients-per-user' must not be negative");
		this.maxClientsPerUser = maxClientsPerUser;
	}

	public int getClientQueueCapacity() {
		return this.clientQueueCapacity;
	}

	public void setClientQueueCapacity(int clientQueueCapacity) {
		this.clientQueueCapacity = clientQueueCapacity;
	}

	public DataSize getClientQueueMaxBytes() {
		return this.clientQueueMaxBytes;
	}

	public void setClientQueueMaxBytes(DataSize clientQueueMaxBytes) {
		this.clientQueueMaxBytes = clientQueueMaxBytes;
	}

	public OverflowPolicy getOverflowPolicy() {
		return this.overflowPolicy;
	}

	public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
		this.overflowPolicy = overflowPolicy;
	}

	public boolean isConnectedEvent() {
		return this.connectedEvent;
	}

	public void setConnectedEvent(boolean connectedEvent) {
		this.connectedEvent = connectedEvent;
	}

	public @Nullable Integer getWriterThreads() {
		return this.writerThreads;
	}

	public void setWriterThreads(@Nullable Integer writerThreads) {
		this.writerThreads = writerThreads;
	}

	public Topics getTopics() {
		return this.topics;
	}

	public Replay getReplay() {
		return this.replay;
	}

	public Relay getRelay() {
		return this.relay;
	}

	public Api getApi() {
		return this.api;
	}

	public OpenApi getOpenapi() {
		return this.openapi;
	}

	private static void assertPath(String path, String name) {
		Assert.isTrue(StringUtils.hasText(path) && path.startsWith("/"), () -> "'" + name + "' must start with '/'");
		Assert.isTrue(!StringUtils.containsWhitespace(path) && !path.contains("{") && !path.contains("*"),
				() -> "'" + name + "' must be a plain path without whitespace, patterns or variables");
	}

	/**
	 * Topics that clients subscribe to with the event stream's 'topic' parameter.
	 */
	public static class Topics {

		/**
		 * Maximum number of topics one client may subscribe to; a request for more gets a
		 * 400 response.
		 */
		private int maxPerClient = 32;

		public int getMaxPerClient() {
			return this.maxPerClient;
		}

		public void setMaxPerClient(int maxPerClient) {
			Assert.isTrue(maxPerClient > 0, "'topics.max-per-client' must be positive");
			this.maxPerClient = maxPerClient;
		}

	}

	/**
	 * History of recent events, replayed to clients that reconnect with the id of the last
	 * event they received.
	 */
	public static class Replay {

		/**
		 * Whether every event gets an id and is kept for clients that resume with
		 * 'Last-Event-ID'. When disabled, events carry only the ids their publishers give,
		 * and resuming clients get no replay and no reset event.
		 */
		private boolean enabled = true;

		/**
		 * Maximum number of events kept for clients that resume.
		 */
		private int maxEvents = DefaultSseBroadcaster.DEFAULT_REPLAY_MAX_EVENTS;

		/**
		 * Maximum size of the encoded events kept for clients that resume. The newest event
		 * is kept whatever its size.
		 */
		private DataSize maxBytes = DataSize.ofBytes(DefaultSseBroadcaster.DEFAULT_REPLAY_MAX_BYTES);

		/**
		 * How long an event is kept for clients that resume. The newest event is kept
		 * whatever its age. If a duration suffix is not
		 * specified, seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration maxAge = DefaultSseBroadcaster.DEFAULT_REPLAY_MAX_AGE;

		/**
		 * Name of the event a client gets instead of the events it missed when they are no
		 * longer kept; its data names the client's last event id and the reason.
		 */
		private String resetEvent = DefaultSseBroadcaster.DEFAULT_RESET_EVENT_NAME;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaxEvents() {
			return this.maxEvents;
		}

		public void setMaxEvents(int maxEvents) {
			Assert.isTrue(maxEvents > 0, "'replay.max-events' must be positive");
			this.maxEvents = maxEvents;
		}

		public DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(DataSize maxBytes) {
			Assert.isTrue(maxBytes != null && maxBytes.toBytes() > 0, "'replay.max-bytes' must be positive");
			this.maxBytes = maxBytes;
		}

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			Assert.isTrue(maxAge != null && !maxAge.isNegative() && !maxAge.isZero(),
					"'replay.max-age' must be positive");
			this.maxAge = maxAge;
		}

		public String getResetEvent() {
			return this.resetEvent;
		}

		public void setResetEvent(String resetEvent) {
			Assert.isTrue(SseEvent.isValidName(resetEvent),
					() -> "'replay.reset-event' must be 1 to " + SseEvent.MAX_NAME_LENGTH
							+ " letters, digits or '_', '.', ':', '-'");
			this.resetEvent = resetEvent;
		}

	}

	/**
	 * Relay of events between the application's instances.
	 */
	public static class Relay {

		/**
		 * How events reach the clients of the application's other instances: 'none' for this
		 * instance's clients only, or 'redis' for every instance's, over a Redis stream.
		 */
		private Type type = Type.NONE;

		private final Redis redis = new Redis();

		public Type getType() {
			return this.type;
		}

		public void setType(Type type) {
			this.type = type;
		}

		public Redis getRedis() {
			return this.redis;
		}

		/**
		 * Kinds of relay.
		 */
		public enum Type {

			/** No relay: events reach this instance's clients only. */
			NONE,

			/** A Redis stream, through the application's Spring Data Redis connection. */
			REDIS

		}

		/**
		 * The relay over a Redis stream.
		 */
		public static class Redis {

			/**
			 * Key of the Redis stream that the instances share.
			 */
			private String streamKey = "sse-broadcast";

			/**
			 * About how many events the Redis stream keeps; older ones are trimmed.
			 */
			private long maxLength = 10_000;

			/**
			 * How long one read of the stream waits for new events. Keep it under
			 * 'spring.data.redis.timeout'. If a duration suffix is not specified, milliseconds
			 * will be used.
			 */
			private Duration pollTimeout = Duration.ofSeconds(1);

			public String getStreamKey() {
				return this.streamKey;
			}

			public void setStreamKey(String streamKey) {
				Assert.hasText(streamKey, "'relay.redis.stream-key' must not be empty");
				this.streamKey = streamKey;
			}

			public long getMaxLength() {
				return this.maxLength;
			}

			public void setMaxLength(long maxLength) {
				Assert.isTrue(maxLength > 0, "'relay.redis.max-length' must be positive");
				this.maxLength = maxLength;
			}

			public Duration getPollTimeout() {
				return this.pollTimeout;
			}

			public void setPollTimeout(Duration pollTimeout) {
				Assert.isTrue(pollTimeout != null && !pollTimeout.isNegative() && !pollTimeout.isZero(),
						"'relay.redis.poll-timeout' must be positive");
				this.pollTimeout = pollTimeout;
			}

		}

	}

	/**
	 * The JSON broadcast endpoint.
	 */
	public static class Api {

		/**
		 * Whether to enable the JSON endpoint that broadcasts an event to every client.
		 */
		private boolean enabled = true;

		/**
		 * Path of the JSON broadcast endpoint.
		 */
		private String path = "/api/broadcast";

		/**
		 * Largest accepted request body; larger ones get a 413 response.
		 */
		private DataSize maxBodySize = DataSize.ofMegabytes(1);

		/**
		 * How long a request body may take to arrive; a slower one gets a 408 response. The
		 * body is read without holding a request thread meanwhile. If a duration suffix is
		 * not specified, seconds will be used.
		 */
		@DurationUnit(ChronoUnit.SECONDS)
		private Duration readTimeout = Duration.ofSeconds(10);

		/**
		 * Most events one request to the batch endpoint ('{path}/batch') may hold; more get a
		 * 400 response. The batch's body is bounded by 'max-body-size' too.
		 */
		private int maxBatchEvents = 1000;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			assertPath(path, "api.path");
			this.path = path;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(Duration readTimeout) {
			Assert.isTrue(readTimeout != null && !readTimeout.isNegative() && !readTimeout.isZero(),
					"'api.read-timeout' must be positive");
			this.readTimeout = readTimeout;
		}

		public int getMaxBatchEvents() {
			return this.maxBatchEvents;
		}

		public void setMaxBatchEvents(int maxBatchEvents) {
			Assert.isTrue(maxBatchEvents > 0, "'api.max-batch-events' must be positive");
			this.maxBatchEvents = maxBatchEvents;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			Assert.isTrue(maxBodySize != null && maxBodySize.toBytes() > 0 && maxBodySize.toBytes() <= Integer.MAX_VALUE,
					"'api.max-body-size' must be between 1 byte and 2 GB");
			this.maxBodySize = maxBodySize;
		}

	}

	/**
	 * Documentation of the SSE endpoints in the OpenAPI document generated by springdoc.
	 */
	public static class OpenApi {

		/**
		 * Whether to describe the event stream and the JSON broadcast endpoint in the OpenAPI
		 * document. When disabled, they are left out of it.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
