package io.github.ssebroadcast.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.github.ssebroadcast.broadcast.OverflowPolicy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for Server-Sent Events broadcasting.
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
	private Duration keepAlive = Duration.ofSeconds(15);

	/**
	 * Reconnect time sent to clients as 'retry:' when they connect and when the server shuts
	 * down. If a duration suffix is not specified, milliseconds will be used.
	 */
	private Duration reconnectTime = Duration.ofSeconds(2);

	/**
	 * How long a stream may stay open before the server ends it, or unset for no limit,
	 * regardless of 'spring.mvc.async.request-timeout'. If a duration suffix is not
	 * specified, milliseconds will be used.
	 */
	private Duration timeout;

	/**
	 * Maximum number of connected clients, or 0 for no limit. Further clients get a 503
	 * response with a Retry-After header.
	 */
	private int maxClients = 10_000;

	/**
	 * Maximum number of events waiting to be written to one client. Bounds the memory a slow
	 * client can hold.
	 */
	private int clientQueueCapacity = 256;

	/**
	 * What to do with a client whose queue is full because it does not read fast enough.
	 */
	private OverflowPolicy overflowPolicy = OverflowPolicy.DISCONNECT;

	/**
	 * Whether each client first receives a 'connected' event with its client id and the
	 * server time.
	 */
	private boolean connectedEvent = true;

	/**
	 * Maximum number of platform threads writing to clients, on Java versions before 24.
	 * Writers run on one thread per CPU (at least 2) and more are added, up to this maximum,
	 * only while some are blocked by clients that stopped reading. From Java 24 on, each
	 * client's writer runs on a virtual thread instead.
	 */
	private int writerThreads = 128;

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
		Assert.isTrue(keepAlive != null && !keepAlive.isNegative() && keepAlive.compareTo(Duration.ofHours(1)) <= 0,
				"'keep-alive' must be between 0 and 1 hour");
		this.keepAlive = keepAlive;
	}

	public Duration getReconnectTime() {
		return this.reconnectTime;
	}

	public void setReconnectTime(Duration reconnectTime) {
		Assert.isTrue(reconnectTime != null && !reconnectTime.isNegative(), "'reconnect-time' must not be negative");
		this.reconnectTime = reconnectTime;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		Assert.isTrue(timeout == null || (!timeout.isNegative() && !timeout.isZero()), "'timeout' must be positive");
		this.timeout = timeout;
	}

	public int getMaxClients() {
		return this.maxClients;
	}

	public void setMaxClients(int maxClients) {
		Assert.isTrue(maxClients >= 0, "'max-clients' must not be negative");
		this.maxClients = maxClients;
	}

	public int getClientQueueCapacity() {
		return this.clientQueueCapacity;
	}

	public void setClientQueueCapacity(int clientQueueCapacity) {
		Assert.isTrue(clientQueueCapacity > 0, "'client-queue-capacity' must be positive");
		this.clientQueueCapacity = clientQueueCapacity;
	}

	public OverflowPolicy getOverflowPolicy() {
		return this.overflowPolicy;
	}

	public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
		Assert.notNull(overflowPolicy, "'overflow-policy' must not be null");
		this.overflowPolicy = overflowPolicy;
	}

	public boolean isConnectedEvent() {
		return this.connectedEvent;
	}

	public void setConnectedEvent(boolean connectedEvent) {
		this.connectedEvent = connectedEvent;
	}

	public int getWriterThreads() {
		return this.writerThreads;
	}

	public void setWriterThreads(int writerThreads) {
		Assert.isTrue(writerThreads > 0, "'writer-threads' must be positive");
		this.writerThreads = writerThreads;
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
