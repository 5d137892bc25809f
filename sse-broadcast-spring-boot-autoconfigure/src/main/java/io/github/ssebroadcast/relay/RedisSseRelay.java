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
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.DefaultStringRedisConnection;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.StringRedisConnection;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamInfo.XInfoStream;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.connection.stream.StringRecord;
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

	private static final int READ_COUNT = 256;

	private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

	private final RedisConnectionFactory connectionFactory;

	private final StreamOperations<String, String, String> streams;

	private final String streamKey;

	private final long maxLength;

	private final Duration pollTimeout;

	private final Object lifecycleMonitor = new Object();

	/** The reader thread; another thread, or none, means that reader is to stop. */
	@Nullable
	private volatile Thread reader;

	/** The id of the last entry read, kept when the relay stops so that it resumes there. */
	@Nullable
	private volatile String lastId;

	/** Whether the reader checks what Redis kept before it reads on: after an outage, or a stop. */
	private volatile boolean checkPending;

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
		this.connectionFactory = connectionFactory;
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
		catch (RedisConnectionFailureException ex) {
			this.available = false;
			throw new SseRelayException("Redis cannot be reached; the event was not sent", ex);
		}
		catch (RuntimeException ex) {
			// a timeout: the command may have reached Redis, or may yet, as the client retries it
			this.available = false;
			throw new SseRelayException("Redis did not answer in time; the event may not have been sent", ex);
		}
	}

	@Override
	public boolean isAvailable() {
		return this.available;
	}

	/**
	 * Read the history at once, on the caller's thread, so that every event appended from
	 * now on is delivered live; then read new entries on a thread of the relay's own. When
	 * Redis cannot be reached now, the reader reads, once it can, the history from before
	 * this call and delivers live every entry appended since, by the time in their ids. A
	 * relay started again resumes after the last entry it read.
	 */
	@Override
	public void start(Listener listener, int history) {
		synchronized (this.lifecycleMonitor) {
			if (this.reader != null) {
				return;
			}
			long startMillis = System.currentTimeMillis();
			// started again: entries may have been trimmed meanwhile
			this.checkPending = this.lastId != null;
			if (this.lastId == null) {
				StringRedisConnection connection = null;
				try {
					connection = connect();
					this.lastId = readHistory(connection, listener, history, null);
				}
				catch (RuntimeException ex) {
					unavailable(ex);
				}
				finally {
					closeQuietly(connection);
				}
			}
			Thread thread = new Thread(() -> read(listener, history, startMillis), "sse-broadcast-relay");
			thread.setDaemon(true);
			this.reader = thread;
			thread.start();
		}
	}

	@Override
	public void stop() {
		Thread thread;
		synchronized (this.lifecycleMonitor) {
			thread = this.reader;
			this.reader = null;
		}
		synchronized (this.handedOverMonitor) {
			this.handedOverMonitor.notifyAll();
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
	 * Hand over every new entry, on one connection of the reader's own, until stopped.
	 */
	private void read(Listener listener, int history, long startMillis) {
		Thread self = Thread.currentThread();
		StringRedisConnection connection = null;
		while (this.reader == self) {
			try {
				if (connection == null) {
					connection = connect();
				}
				if (this.lastId == null) {
					// Redis could not be reached at start: what came after it is live
					this.lastId = readHistory(connection, listener, history, startMillis);
				}
				else if (!this.available || this.checkPending) {
					checkAfterOutage(connection, listener);
					this.checkPending = false;
				}
				List<StringRecord> records = connection.xReadAsString(
						StreamReadOptions.empty().count(READ_COUNT).block(this.pollTimeout),
						StreamOffset.create(this.streamKey, ReadOffset.from(this.lastId)));
				available();
				if (records != null && !records.isEmpty()) {
					for (StringRecord record : records) {
						this.lastId = record.getId().getValue();
						handOver(listener, record, true);
					}
					handedOver(this.lastId);
				}
			}
			catch (Throwable ex) {
				closeQuietly(connection);
				connection = null;
				if (this.reader != self) {
					break;
				}
				unavailable(ex);
				LockSupport.parkNanos(RETRY_INTERVAL.toNanos());
			}
		}
		closeQuietly(connection);
	}

	private StringRedisConnection connect() {
		return new DefaultStringRedisConnection(this.connectionFactory.getConnection());
	}

	private static void closeQuietly(@Nullable StringRedisConnection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (RuntimeException ex) {
				// closed already
			}
		}
	}

	/**
	 * Hand over, as history, the newest entries the stream keeps from before the given
	 * time, or from before now.
	 * @return the id to read new entries after
	 */
	private String readHistory(StringRedisConnection connection, Listener listener, int history,
			@Nullable Long beforeMillis) {
		// the largest id before that time: every later entry is read as new
		String boundary = (beforeMillis != null) ? (beforeMillis - 1) + "-" + Long.toUnsignedString(-1L) : null;
		String lastId = (boundary != null) ? boundary : newestId(connection);
		if (history > 0) {
			Range<String> range = (boundary != null) ? Range.leftUnbounded(Range.Bound.inclusive(boundary))
					: Range.unbounded();
			List<StringRecord> newest = connection.xRevRange(this.streamKey, range, Limit.limit().count(history));
			List<StringRecord> oldestFirst = new ArrayList<>((newest != null) ? newest : List.of());
			Collections.reverse(oldestFirst);
			for (StringRecord record : oldestFirst) {
				handOver(listener, record, false);
			}
			if (boundary == null && !oldestFirst.isEmpty()) {
				lastId = oldestFirst.get(oldestFirst.size() - 1).getId().getValue();
			}
		}
		available();
		handedOver(lastId);
		return lastId;
	}

	private String newestId(StringRedisConnection connection) {
		XInfoStream info = info(connection);
		return (info != null) ? info.lastGeneratedId() : BEGINNING;
	}

	/**
	 * Check, once Redis answers again, what it kept: a Redis that lost entries this relay
	 * read goes on after its newest one, without handing anything over again; one that
	 * trimmed entries this relay never read makes the listener told that events were missed.
	 */
	private void checkAfterOutage(StringRedisConnection connection, Listener listener) {
		XInfoStream info = info(connection);
		String lastId = this.lastId;
		String newest = (info != null) ? info.lastGeneratedId() : BEGINNING;
		if (lastId == null || compare(newest, lastId) < 0) {
			logger.warn("Redis lost the entries of the SSE stream '" + this.streamKey + "' after " + newest
					+ " (the last one read is " + lastId + "): relaying what comes after " + newest);
			this.lastId = newest;
			return;
		}
		if (info != null && wasTrimmedAfter(info, lastId)) {
			logger.warn("Redis trimmed entries of the SSE stream '" + this.streamKey + "' after " + lastId
					+ " before they were read: their clients resume with a reset");
			listener.missed();
		}
	}

	/**
	 * Whether entries after the given id may have been trimmed: the stream's first entry
	 * comes after it, so the entry it names is gone, and so may be those that followed it.
	 * Redis does not say whether any did, so a client may get a reset it could have done
	 * without, never a gap.
	 */
	private static boolean wasTrimmedAfter(XInfoStream info, String lastId) {
		String first = info.firstEntryId();
		return first != null && compare(first, lastId) > 0;
	}

	@Nullable
	private XInfoStream info(StringRedisConnection connection) {
		Long length = connection.xLen(this.streamKey);
		try {
			return connection.xInfo(this.streamKey);
		}
		catch (RuntimeException ex) {
			if (length == null || length == 0) {
				// no such key
				return null;
			}
			throw ex;
		}
	}

	private void available() {
		if (!this.available) {
			logger.info("Redis can be reached again; relaying SSE events");
		}
		this.available = true;
	}

	private void unavailable(Throwable ex) {
		if (this.available) {
			logger.warn("Redis cannot be reached; publishing SSE events fails until it can: " + ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Redis still cannot be reached: " + ex);
		}
		this.available = false;
	}

	private void handedOver(String id) {
		synchronized (this.handedOverMonitor) {
			this.lastHandedOver = id;
			this.handedOverMonitor.notifyAll();
		}
	}

	/**
	 * Wait while the id is one of the stream's that this relay has not read yet, but only
	 * while Redis can be reached and the id is at most a few seconds ahead of what was read:
	 * any other id is not worth holding a request thread for.
	 */
	@Override
	public void awaitHandedOver(String id, Duration timeout) {
		if (!isStreamId(id)) {
			return;
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.handedOverMonitor) {
			while (this.reader != null && this.available && this.lastHandedOver != null
					&& compare(this.lastHandedOver, id) < 0 && isShortlyAfter(id, this.lastHandedOver, timeout)) {
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

	private static boolean isShortlyAfter(String id, String lastRead, Duration within) {
		long idMillis = Long.parseUnsignedLong(id.substring(0, id.indexOf('-')));
		long readMillis = Long.parseUnsignedLong(lastRead.substring(0, lastRead.indexOf('-')));
		return idMillis - readMillis <= within.toMillis() + RETRY_INTERVAL.toMillis();
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
	 * Hand an entry over, or skip it, with a warning, when it is not one this relay wrote:
	 * one bad entry must not stop the relay.
	 */
	private static void handOver(Listener listener, StringRecord record, boolean live) {
		SseAudience audience;
		SseEvent event;
		try {
			Map<String, String> fields = record.getValue();
			audience = audience(fields.get(AUDIENCE));
			event = event(fields);
		}
		catch (RuntimeException ex) {
			logger.warn("Skipped entry " + record.getId() + " of the SSE stream: it is not an event (" + ex.getMessage()
					+ ")");
			return;
		}
		if (live) {
			// the entry's id starts with the time Redis appended it, in milliseconds
			long lagMillis = System.currentTimeMillis() - record.getId().getTimestamp();
			listener.lag(Duration.ofMillis(Math.max(0, lagMillis)));
		}
		listener.relayed(record.getId().getValue(), audience, event, live);
	}

	private static SseEvent event(Map<String, String> fields) {
		SseEvent.Builder event = SseEvent.builder()
			.name(fields.get(NAME))
			.data(fields.get(DATA))
			.id(fields.get(ID))
			.comment(fields.get(COMMENT));
		String retry = fields.get(RETRY);
		if (retry != null) {
			event.reconnectTime(Long.parseLong(retry));
		}
		return event.build();
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
		throw new IllegalArgumentException("it names no audience");
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
