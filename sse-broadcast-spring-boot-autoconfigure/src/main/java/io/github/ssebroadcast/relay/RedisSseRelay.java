package io.github.ssebroadcast.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.ssebroadcast.broadcast.SseAudience;
import io.github.ssebroadcast.broadcast.SseRelay;
import io.github.ssebroadcast.broadcast.SseRelayException;
import io.github.ssebroadcast.event.SseEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoStream;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StreamOperations;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.Assert;

/**
 * A {@link SseRelay} over a Redis stream, through the application's own
 * {@link RedisConnectionFactory}: each event is one entry, appended with {@code XADD} (the
 * stream trimmed to about {@code maxLength} entries), and each instance reads every entry
 * with a blocking {@code XREAD} on a thread of its own. Redis gives each entry its id, so an
 * event has the same id and the same place on every instance.
 * <p>While Redis cannot be reached, publishing fails at once, and the reader retries about
 * once a second and then resumes after the last entry it read, so that nothing that reached
 * Redis is lost to connected clients. A Redis that came back without its data (no
 * persistence) is noticed by the id of its newest entry, older than the last one read: the
 * reader then starts again from the stream's beginning.
 */
public class RedisSseRelay implements SseRelay {

	private static final Log logger = LogFactory.getLog(RedisSseRelay.class);

	private static final String AUDIENCE = "a";

	private static final String NAME = "n";

	private static final String DATA = "d";

	private static final String ID = "i";

	private static final String RETRY = "r";

	private static final String COMMENT = "c";

	private static final String EVERYONE = "*";

	private static final String TOPIC_PREFIX = "t:";

	private static final String USER_PREFIX = "u:";

	private static final String BEGINNING = "0-0";

	private static final int READ_COUNT = 1000;

	private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

	private final StreamOperations<String, String, String> streams;

	private final String streamKey;

	private final long maxLength;

	private final Duration pollTimeout;

	private final Object lifecycleMonitor = new Object();

	@Nullable
	private Thread reader;

	private volatile boolean running;

	private volatile boolean available = true;

	/** The id of the last entry handed over, or {@code null} before the first. */
	@Nullable
	private volatile String lastHandedOver;

	private final Object handedOverMonitor = new Object();

	/**
	 * Create a relay.
	 * @param connectionFactory the application's connection to Redis
	 * @param streamKey the key of the stream the instances share
	 * @param maxLength about how many entries the stream keeps
	 * @param pollTimeout how long one read waits for new entries; keep it under the
	 * connection's command timeout
	 */
	public RedisSseRelay(RedisConnectionFactory connectionFactory, String streamKey, long maxLength,
			Duration pollTimeout) {
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		Assert.hasText(streamKey, "'streamKey' must not be empty");
		Assert.isTrue(maxLength > 0, "'maxLength' must be positive");
		Assert.isTrue(pollTimeout != null && !pollTimeout.isNegative() && !pollTimeout.isZero(),
				"'pollTimeout' must be positive");
		StringRedisTemplate template = new StringRedisTemplate(connectionFactory);
		template.afterPropertiesSet();
		this.streams = template.opsForStream();
		this.streamKey = streamKey;
		this.maxLength = maxLength;
		this.pollTimeout = pollTimeout;
	}

	@Override
	public String publish(SseAudience audience, SseEvent event) {
		if (!this.available) {
			throw new SseRelayException("Redis cannot be reached; the event was not sent");
		}
		try {
			RecordId id = this.streams.add(StreamRecords.newRecord().in(this.streamKey).ofMap(fields(audience, event)),
					XAddOptions.maxlen(this.maxLength).approximateTrimming(true));
			Assert.state(id != null, "XADD returned no id");
			return id.getValue();
		}
		catch (RuntimeException ex) {
			this.available = false;
			throw new SseRelayException("Redis cannot be reached; the event was not sent", ex);
		}
	}

	@Override
	public boolean isAvailable() {
		return this.available;
	}

	/**
	 * Read the history at once, on the caller's thread, so that every event appended from
	 * now on is delivered live; then read new entries on a thread of the relay's own. When
	 * Redis cannot be reached now, the reader reads the history once it can, and delivers
	 * live the entries appended since this call, by the time in their ids.
	 */
	@Override
	public void start(Listener listener, int history) {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			this.running = true;
			String lastId = null;
			try {
				lastId = readHistory(listener, history, Long.MAX_VALUE);
			}
			catch (RuntimeException ex) {
				unavailable(ex);
			}
			String startId = lastId;
			long startMillis = System.currentTimeMillis();
			Thread thread = new Thread(() -> read(listener, history, startId, startMillis), "sse-broadcast-relay");
			thread.setDaemon(true);
			this.reader = thread;
			thread.start();
		}
	}

	@Override
	public void stop() {
		Thread thread;
		synchronized (this.lifecycleMonitor) {
			this.running = false;
			thread = this.reader;
			this.reader = null;
		}
		if (thread != null) {
			thread.interrupt();
			try {
				thread.join(this.pollTimeout.plus(RETRY_INTERVAL).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Hand over the newest entries as history, then every new entry, until stopped.
	 */
	private void read(Listener listener, int history, @Nullable String startId, long startMillis) {
		String lastId = startId;
		while (this.running) {
			try {
				if (lastId == null) {
					lastId = readHistory(listener, history, startMillis);
				}
				else if (!this.available) {
					lastId = checkedAfterOutage(lastId);
				}
				List<MapRecord<String, String, String>> records = this.streams.read(
						StreamReadOptions.empty().count(READ_COUNT).block(this.pollTimeout),
						StreamOffset.create(this.streamKey, ReadOffset.from(lastId)));
				available();
				if (records != null && !records.isEmpty()) {
					for (MapRecord<String, String, String> record : records) {
						lastId = record.getId().getValue();
						relay(listener, record, true);
					}
					handedOver(lastId);
				}
			}
			catch (RuntimeException ex) {
				if (!this.running) {
					return;
				}
				unavailable(ex);
				LockSupport.parkNanos(RETRY_INTERVAL.toNanos());
			}
		}
	}

	/**
	 * Hand over the newest entries as history, but those appended after the given time live.
	 */
	private String readHistory(Listener listener, int history, long liveAfterMillis) {
		String lastId = BEGINNING;
		if (history > 0) {
			List<MapRecord<String, String, String>> newest = this.streams.reverseRange(this.streamKey, Range.unbounded(),
					Limit.limit().count(history));
			List<MapRecord<String, String, String>> oldestFirst = new ArrayList<>((newest != null) ? newest : List.of());
			Collections.reverse(oldestFirst);
			for (MapRecord<String, String, String> record : oldestFirst) {
				relay(listener, record, record.getId().getTimestamp() > liveAfterMillis);
				lastId = record.getId().getValue();
			}
		}
		else {
			XInfoStream info = infoOrNull();
			lastId = (info != null) ? info.lastGeneratedId() : BEGINNING;
		}
		available();
		handedOver(lastId);
		return lastId;
	}

	private void handedOver(String id) {
		synchronized (this.handedOverMonitor) {
			this.lastHandedOver = id;
			this.handedOverMonitor.notifyAll();
		}
	}

	@Override
	public void awaitHandedOver(String id, Duration timeout) {
		if (!isStreamId(id)) {
			return;
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.handedOverMonitor) {
			while (this.running && (this.lastHandedOver == null || compare(this.lastHandedOver, id) < 0)) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(this.handedOverMonitor, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/**
	 * Whether the given text is a stream id, {@code <milliseconds>-<sequence>}.
	 */
	static boolean isStreamId(String id) {
		int dash = id.indexOf('-');
		// at most 19 digits each, within an unsigned long
		if (dash <= 0 || dash > 19 || dash == id.length() - 1 || id.length() - dash - 1 > 19) {
			return false;
		}
		for (int i = 0; i < id.length(); i++) {
			char c = id.charAt(i);
			if (i != dash && (c < '0' || c > '9')) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Check, once Redis answers again, whether it kept its data: a stream whose newest id is
	 * older than the last one read was lost, and is read again from its beginning.
	 */
	private String checkedAfterOutage(String lastId) {
		XInfoStream info = infoOrNull();
		String newest = (info != null) ? info.lastGeneratedId() : BEGINNING;
		if (compare(newest, lastId) < 0) {
			logger.warn("Redis lost the SSE stream '" + this.streamKey + "' (its newest entry is " + newest
					+ ", the last one read " + lastId + "): reading it again from its beginning");
			return BEGINNING;
		}
		return lastId;
	}

	@Nullable
	private XInfoStream infoOrNull() {
		try {
			return this.streams.info(this.streamKey);
		}
		catch (RuntimeException ex) {
			// no such key: an empty stream
			if (!this.streamExists()) {
				return null;
			}
			throw ex;
		}
	}

	private boolean streamExists() {
		Long size = this.streams.size(this.streamKey);
		return size != null && size > 0;
	}

	private void available() {
		if (!this.available) {
			logger.info("Redis can be reached again; relaying SSE events");
		}
		this.available = true;
	}

	private void unavailable(RuntimeException ex) {
		if (this.available) {
			logger.warn("Redis cannot be reached; publishing SSE events fails until it can: " + ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Redis still cannot be reached: " + ex);
		}
		this.available = false;
	}

	private static void relay(Listener listener, MapRecord<String, String, String> record, boolean live) {
		Map<String, String> fields = record.getValue();
		SseAudience audience = audience(fields.get(AUDIENCE));
		if (audience == null) {
			logger.warn("Skipped SSE stream entry " + record.getId() + ": it names no audience");
			return;
		}
		SseEvent.Builder event = SseEvent.builder()
			.name(fields.get(NAME))
			.data(fields.get(DATA))
			.id(fields.get(ID))
			.comment(fields.get(COMMENT));
		String retry = fields.get(RETRY);
		if (retry != null) {
			event.reconnectTime(Long.parseLong(retry));
		}
		listener.relayed(record.getId().getValue(), audience, event.build(), live);
	}

	private static Map<String, String> fields(SseAudience audience, SseEvent event) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put(AUDIENCE, switch (audience.getKind()) {
			case EVERYONE -> EVERYONE;
			case TOPIC -> TOPIC_PREFIX + audience.getName();
			case USER -> USER_PREFIX + audience.getName();
		});
		putIfPresent(fields, NAME, event.getName());
		putIfPresent(fields, DATA, event.getData());
		putIfPresent(fields, ID, event.getId());
		putIfPresent(fields, COMMENT, event.getComment());
		if (event.getReconnectTime() != null) {
			fields.put(RETRY, String.valueOf(event.getReconnectTime().toMillis()));
		}
		return fields;
	}

	private static void putIfPresent(Map<String, String> fields, String field, @Nullable String value) {
		if (value != null) {
			fields.put(field, value);
		}
	}

	@Nullable
	private static SseAudience audience(@Nullable String field) {
		if (EVERYONE.equals(field)) {
			return SseAudience.everyone();
		}
		if (field != null && field.startsWith(TOPIC_PREFIX)) {
			return SseAudience.topic(field.substring(TOPIC_PREFIX.length()));
		}
		if (field != null && field.startsWith(USER_PREFIX)) {
			return SseAudience.user(field.substring(USER_PREFIX.length()));
		}
		return null;
	}

	/**
	 * Compare two stream ids, {@code <milliseconds>-<sequence>}.
	 */
	static int compare(String first, String second) {
		int firstDash = first.indexOf('-');
		int secondDash = second.indexOf('-');
		int byTime = Long.compareUnsigned(Long.parseUnsignedLong(first.substring(0, firstDash)),
				Long.parseUnsignedLong(second.substring(0, secondDash)));
		return (byTime != 0) ? byTime : Long.compareUnsigned(Long.parseUnsignedLong(first.substring(firstDash + 1)),
				Long.parseUnsignedLong(second.substring(secondDash + 1)));
	}

	@Override
	public String toString() {
		return "RedisSseRelay[" + this.streamKey + "]";
	}

}
