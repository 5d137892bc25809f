package io.github.ssebroadcast.broadcast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.event.SseEventEncoder;
import io.github.ssebroadcast.event.SseFrame;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Default {@link SseBroadcaster}: every client has a queue bounded in events and in bytes
 * and a writer of its own, events are encoded once and shared by all clients, and a client
 * that reads slowly never delays the publisher or any other client. Writers never block: a
 * client whose transport takes nothing holds no thread, and is ended once it has taken
 * nothing for the write timeout.
 * <p>Events are sent one at a time, in one order that every client shares, and only to the
 * clients they are for: an event for a topic costs work for that topic's subscribers only.
 * With replay on, every event gets an id (its own, or one the broadcaster assigns) and is
 * kept in a history bounded in events and age; a client that connects with the id of the
 * last event it received gets, after its opening frame, the events it missed and then the
 * live ones, with no gap and no duplicate, or a reset event when they are no longer known.
 * <p>With a {@link SseRelay}, events are published to the log the application's instances
 * share rather than delivered at once, and every instance delivers what the relay hands
 * back, in the log's order and with the log's ids, so that a client resumes on any instance.
 * <p>As a {@link SmartLifecycle} it sends keep-alive comments and enforces the write timeout
 * while running, and on stop completes every stream with a {@code retry:} hint, before the
 * web server's graceful shutdown would otherwise wait for the streams to end. Used outside
 * an application context, call {@link #start()} for keep-alives and write deadlines and
 * {@link #destroy()} when done.
 */
public class DefaultSseBroadcaster implements SseBroadcaster, SmartLifecycle, DisposableBean {

	/**
	 * Lifecycle phase: stops before the web server's graceful shutdown
	 * ({@code DEFAULT_PHASE - 1024}), which would wait for open streams.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

	/** Name of the event sent to each client when it connects. */
	public static final String CONNECTED_EVENT_NAME = "connected";

	/** Default reconnect time sent to clients. */
	public static final Duration DEFAULT_RECONNECT_TIME = Duration.ofSeconds(2);

	/** Default interval of keep-alive comments. */
	public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(15);

	/** Longest interval of keep-alive comments. */
	public static final Duration MAX_KEEP_ALIVE = Duration.ofHours(1);

	/** Default limit of connected clients. */
	public static final int DEFAULT_MAX_CLIENTS = 10_000;

	/** Default number of events that may wait for one client, as Mercure keeps. */
	public static final int DEFAULT_CLIENT_QUEUE_CAPACITY = 1000;

	/** Default number of bytes of events that may wait for one client, as Centrifugo keeps. */
	public static final long DEFAULT_CLIENT_QUEUE_MAX_BYTES = 1024 * 1024;

	/** Default policy for a client whose queue is full. */
	public static final OverflowPolicy DEFAULT_OVERFLOW_POLICY = OverflowPolicy.DISCONNECT;

	/** Default number of events kept for clients that resume. */
	public static final int DEFAULT_REPLAY_MAX_EVENTS = 1000;

	/** Default age after which events are no longer kept for clients that resume. */
	public static final Duration DEFAULT_REPLAY_MAX_AGE = Duration.ofMinutes(5);

	/** Default number of bytes of encoded events kept for clients that resume. */
	public static final long DEFAULT_REPLAY_MAX_BYTES = 16 * 1024 * 1024;

	/** Default name of the event a client that cannot resume receives. */
	public static final String DEFAULT_RESET_EVENT_NAME = "reset";

	/** Whether clients receive a {@value #CONNECTED_EVENT_NAME} event by default. */
	public static final boolean DEFAULT_CONNECTED_EVENT = true;

	/**
	 * Default time a client may take no bytes at all before it is ended: long enough for a
	 * browser on a poor mobile link, short enough that a client that stopped reading does
	 * not hold its queue for the container's much longer timeouts.
	 */
	public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(DefaultSseBroadcaster.class);

	private static final int MAX_FRAMES_PER_WRITE = 64;

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(1);

	/** Longest wait for the relay to hand over the event a resuming client names. */
	private static final Duration RELAY_CATCH_UP_TIMEOUT = Duration.ofSeconds(2);

	/** Longest time between two checks for stalled clients. */
	private static final Duration MAX_STALL_CHECK_INTERVAL = Duration.ofSeconds(1);

	private final Map<String, SseClient> clients = new ConcurrentHashMap<>();

	private final Map<String, Set<SseClient>> topicSubscribers = new ConcurrentHashMap<>();

	private final Map<String, Set<SseClient>> userClients = new ConcurrentHashMap<>();

	/**
	 * Held while an event is sent and while a client is registered, so that every client
	 * receives events in one order, and a client that resumes gets each event once, from the
	 * history or live.
	 */
	private final ReentrantLock sendLock = new ReentrantLock();

	private final AtomicInteger clientCount = new AtomicInteger();

	private final LongAdder droppedEvents = new LongAdder();

	private final Object lifecycleMonitor = new Object();

	private final Duration reconnectTime;

	private final Duration keepAlive;

	private final Duration writeTimeout;

	private final int maxClients;

	private final int maxClientsPerUser;

	private final int clientQueueCapacity;

	private final long clientQueueMaxBytes;

	private final OverflowPolicy overflowPolicy;

	private final boolean connectedEvent;

	private final SseDataSerializer dataSerializer;

	@Nullable
	private final ReplayHistory history;

	private final String resetEventName;

	@Nullable
	private final SseRelay relay;

	private final SseBroadcastListener listener;

	private final Executor writerExecutor;

	@Nullable
	private final ExecutorService ownedWriterExecutor;

	private final LongSupplier nanoClock;

	@Nullable
	private ScheduledExecutorService scheduler;

	private volatile boolean running;

	private volatile boolean stopping;

	protected DefaultSseBroadcaster(Builder builder) {
		this.reconnectTime = builder.reconnectTime;
		this.keepAlive = builder.keepAlive;
		this.writeTimeout = builder.writeTimeout;
		this.nanoClock = builder.nanoClock;
		this.maxClients = builder.maxClients;
		this.maxClientsPerUser = builder.maxClientsPerUser;
		this.clientQueueCapacity = builder.clientQueueCapacity;
		this.clientQueueMaxBytes = builder.clientQueueMaxBytes;
		this.overflowPolicy = builder.overflowPolicy;
		this.connectedEvent = builder.connectedEvent;
		this.dataSerializer = builder.dataSerializer;
		this.history = builder.replay
				? new ReplayHistory(builder.replayMaxEvents, builder.replayMaxBytes, builder.replayMaxAge.toNanos(),
						builder.nanoClock)
				: null;
		this.resetEventName = builder.resetEventName;
		this.relay = builder.relay;
		this.listener = CompositeSseBroadcastListener.of(builder.listeners);
		if (builder.writerExecutor != null) {
			this.writerExecutor = builder.writerExecutor;
			this.ownedWriterExecutor = null;
		}
		else {
			this.ownedWriterExecutor = SseWriterExecutors.create(
					(builder.writerThreads != null) ? builder.writerThreads : SseWriterExecutors.defaultThreads());
			this.writerExecutor = this.ownedWriterExecutor;
		}
	}

	public static Builder builder() {
		return new Builder();
	}

	@Override
	public BroadcastResult send(SseAudience audience, String name, Object data, @Nullable String id,
			@Nullable Duration reconnectTime) {
		Assert.notNull(data, "'data' must not be null");
		String text = (data instanceof String string) ? string : this.dataSerializer.serialize(data);
		return send(audience, SseEvent.builder().name(name).id(id).reconnectTime(reconnectTime).data(text).build());
	}

	@Override
	public BroadcastResult send(SseAudience audience, SseEvent event) {
		Assert.notNull(audience, "'audience' must not be null");
		Assert.notNull(event, "'event' must not be null");
		BroadcastResult result;
		if (this.relay != null) {
			// every instance delivers it once the relay hands it back, this one included
			this.relay.publish(audience, event);
			result = new BroadcastResult(recipients(audience).size(), 0);
		}
		else {
			result = sendInOrder(audience, event);
		}
		this.listener.eventPublished(audience.getKind());
		return result;
	}

	/**
	 * Take an event the relay hands back: keep it in the history and, when live, deliver it.
	 */
	private void relayed(String id, SseAudience audience, SseEvent event, boolean live) {
		boolean dispatched = event.getName() != null || event.getData() != null;
		SseEvent withId = (!dispatched || (event.getId() != null && !event.getId().isEmpty())) ? event
				: event.withId(id);
		if (live) {
			sendInOrder(audience, withId);
			return;
		}
		if (this.history != null) {
			this.sendLock.lock();
			try {
				encode(audience, withId);
			}
			finally {
				this.sendLock.unlock();
			}
		}
	}

	/**
	 * Forget the history and end every stream once it has sent what is queued: the relay
	 * missed events, which its clients may have missed too, so they reconnect and, resuming
	 * from an event that is no longer known, get the reset event rather than a gap.
	 */
	private void relayMissedEvents() {
		if (this.history != null) {
			this.sendLock.lock();
			try {
				this.history.clear();
			}
			finally {
				this.sendLock.unlock();
			}
		}
		SseFrame reconnect = SseEventEncoder.reconnectTime(this.reconnectTime);
		this.clients.values()
			.forEach((client) -> client.close(reconnect, SseBroadcastListener.DisconnectReason.RELAY_MISSED));
	}

	/**
	 * Encode an event, keep it in the history and queue it for its audience's clients, in
	 * the one order that every client shares.
	 */
	private BroadcastResult sendInOrder(SseAudience audience, SseEvent event) {
		List<SseClient> overflowed = new ArrayList<>(0);
		BroadcastResult result;
		this.sendLock.lock();
		try {
			result = deliver(recipients(audience), encode(audience, event), overflowed);
		}
		finally {
			this.sendLock.unlock();
		}
		// once the lock is released: aborting calls into the client's transport, which must
		// never run under the lock that every publisher and connecting client takes
		overflowed.forEach((client) -> client.abort(SseBroadcastListener.DisconnectReason.OVERFLOW));
		return result;
	}

	/**
	 * Encode an event and, with replay on, give it an id if it has none and keep it in the
	 * history. A comment or a bare reconnect time is no event to browsers, and does not
	 * change the id they resume from: it gets no id and is not kept.
	 */
	private SseFrame encode(SseAudience audience, SseEvent event) {
		if (this.history == null
				|| (event.getName() == null && event.getData() == null && event.getId() == null)) {
			return SseEventEncoder.encode(event);
		}
		String id = event.getId();
		if (id == null || id.isEmpty()) {
			id = this.history.nextId();
			event = event.withId(id);
		}
		SseFrame frame = SseEventEncoder.encode(event);
		this.history.append(id, audience, frame);
		return frame;
	}

	private Collection<SseClient> recipients(SseAudience audience) {
		Collection<SseClient> recipients = switch (audience.getKind()) {
			case EVERYONE -> this.clients.values();
			case TOPIC -> this.topicSubscribers.get(audience.getName());
			case USER -> this.userClients.get(audience.getName());
		};
		return (recipients != null) ? recipients : List.of();
	}

	/**
	 * Queue a frame for the given clients.
	 * @param disconnected collects the clients to disconnect, as their queues are full
	 */
	private BroadcastResult deliver(Collection<SseClient> recipients, SseFrame frame, List<SseClient> disconnected) {
		int queued = 0;
		int overflowed = 0;
		for (SseClient client : recipients) {
			switch (client.offer(frame, this.overflowPolicy)) {
				case QUEUED -> queued++;
				case DROPPED_OLDEST -> {
					queued++;
					overflowed++;
					reportOverflow(client);
				}
				case REJECTED -> {
					overflowed++;
					reportOverflow(client);
					disconnected.add(client);
				}
				case CLOSED -> {
				}
			}
		}
		return new BroadcastResult(queued, overflowed);
	}

	private void reportOverflow(SseClient client) {
		this.droppedEvents.increment();
		if (client.firstOverflow()) {
			logger.warn("SSE client " + client.getId() + " is not keeping up: its queue holds "
					+ this.clientQueueCapacity + " events or " + this.clientQueueMaxBytes + " bytes at most, "
					+ ((this.overflowPolicy == OverflowPolicy.DISCONNECT) ? "disconnecting it"
							: "dropping its oldest events"));
		}
	}

	@Override
	public int getClientCount() {
		return this.clientCount.get();
	}

	/**
	 * Return how many events were dropped since start-up because a client's queue was full:
	 * with {@link OverflowPolicy#DROP_OLDEST}, each time the oldest events made room for an
	 * event; with {@link OverflowPolicy#DISCONNECT}, the events that found a client's queue
	 * full.
	 * @return the number of dropped events
	 */
	public long getDroppedEventCount() {
		return this.droppedEvents.sum();
	}

	/**
	 * Return the relay between instances, if there is one.
	 * @return the relay, or {@code null}
	 */
	@Nullable
	public SseRelay getRelay() {
		return this.relay;
	}

	/**
	 * Return the number of events kept for clients that resume.
	 * @return the history's size, zero when replay is off
	 */
	public int getHistorySize() {
		if (this.history == null) {
			return 0;
		}
		this.sendLock.lock();
		try {
			return this.history.size();
		}
		finally {
			this.sendLock.unlock();
		}
	}

	@Override
	public SseConnection connect(SseTransport transport, SseSubscription subscription) {
		Assert.notNull(subscription, "'subscription' must not be null");
		String id = admit();
		if (this.relay != null && subscription.lastEventId() != null && this.history != null) {
			// before the send lock, which the relay's reader takes to hand events over
			this.relay.awaitHandedOver(subscription.lastEventId(), RELAY_CATCH_UP_TIMEOUT);
		}
		SseClient client = new SseClient(id, transport, subscription, this.clientQueueCapacity,
				this.clientQueueMaxBytes, MAX_FRAMES_PER_WRITE, this.writerExecutor, this.nanoClock, this::remove,
				this.listener);
		boolean registered = false;
		this.sendLock.lock();
		try {
			checkUserLimit(subscription.user());
			// the first frames, queued before the client is registered so that no event comes
			// first, and under the lock so that no event is sent between its replay and its
			// registration
			String lastEventId = subscription.lastEventId();
			ReplayHistory.Replay replay = (this.history != null && lastEventId != null)
					? this.history.replay(lastEventId, subscription, replayMaxEvents(), replayMaxBytes())
					: null;
			if (client.offer(openingFrame(id, replay), OverflowPolicy.DROP_OLDEST) == SseClient.Offer.CLOSED) {
				throw new SseSubscriptionRejectedException("The broadcaster's writers take no more work");
			}
			if (replay != null) {
				queueReplay(client, lastEventId, replay);
			}
			register(client);
			registered = true;
		}
		finally {
			this.sendLock.unlock();
			if (!registered) {
				// refused, or failed: the client ends, and never takes a slot; not registered,
				// it is not counted as connected, nor as disconnected
				this.clientCount.decrementAndGet();
				client.abort(SseBroadcastListener.DisconnectReason.CLIENT);
			}
		}
		if (client.isDetached()) {
			// it ended while connecting, before it was registered, so nothing removed it then
			remove(client);
		}
		return client;
	}

	/**
	 * Refuse a client of a user who has as many streams open as a user may, under the send
	 * lock, which every client's registration takes.
	 */
	private void checkUserLimit(@Nullable String user) {
		if (this.maxClientsPerUser == 0 || user == null) {
			return;
		}
		Set<SseClient> open = this.userClients.get(user);
		if (open != null && open.size() >= this.maxClientsPerUser) {
			throw new SseUserLimitExceededException(user, this.maxClientsPerUser);
		}
	}

	/**
	 * Return how many events a resuming client may be replayed: three quarters of its queue,
	 * so that the live events that follow find room.
	 */
	private int replayMaxEvents() {
		return Math.max(1, this.clientQueueCapacity - this.clientQueueCapacity / 4 - 1);
	}

	private long replayMaxBytes() {
		return this.clientQueueMaxBytes - this.clientQueueMaxBytes / 4;
	}

	/**
	 * Queue the events a resuming client missed, which fit in its queue, or the reset event.
	 */
	private void queueReplay(SseClient client, String lastEventId, ReplayHistory.Replay replay) {
		ResetReason reason = replay.resetReason();
		if (reason == null) {
			replay.frames().forEach(client::offerReplayed);
			this.listener.clientResumed(SseBroadcastListener.ResumeOutcome.REPLAYED);
			return;
		}
		this.listener.clientResumed(SseBroadcastListener.ResumeOutcome.RESET);
		if (logger.isDebugEnabled()) {
			logger.debug("SSE client " + client.getId() + " cannot resume after its last event ("
					+ reason.value() + "); sending it '" + this.resetEventName + "'");
		}
		// the id as the client sent it, cut to the longest an id may be
		String echoed = (lastEventId.length() > SseEvent.MAX_ID_LENGTH)
				? lastEventId.substring(0, SseEvent.MAX_ID_LENGTH) : lastEventId;
		String data = "{\"lastEventId\":" + jsonString(echoed) + ",\"reason\":\"" + reason.value() + "\"}";
		// the place after the newest event, so that a client that reloads its state on the
		// reset resumes from there when it reconnects
		String place = this.history.newestPlace();
		client.offerReplayed(
				SseEventEncoder.encode(SseEvent.builder().id(place).name(this.resetEventName).data(data).build()));
	}

	private static String jsonString(String text) {
		StringBuilder sb = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				sb.append('\\').append(c);
			}
			else if (c < 0x20 || c == 0x2028 || c == 0x2029) {
				sb.append(String.format("\\u%04x", (int) c));
			}
			else {
				sb.append(c);
			}
		}
		return sb.append('"').toString();
	}

	/**
	 * Admit a new client, or refuse it when the server is shutting down or full.
	 * @return the client's id, with a client slot reserved for it
	 */
	private String admit() {
		if (this.stopping) {
			throw new SseSubscriptionRejectedException("The server is shutting down");
		}
		reserveClientSlot();
		return newClientId();
	}

	private void register(SseClient client) {
		// indexed before it is registered: removing a client unindexes it only once it is
		// registered, so a client that ends meanwhile is removed by connect(), and never stays
		// in an index, where it would count against its user's limit
		SseSubscription subscription = client.getSubscription();
		for (String topic : subscription.topics()) {
			index(this.topicSubscribers, topic, client);
		}
		if (subscription.user() != null) {
			index(this.userClients, subscription.user(), client);
		}
		this.listener.clientConnected();
		this.clients.put(client.getId(), client);
		if (this.stopping) {
			client.close(SseEventEncoder.reconnectTime(this.reconnectTime), SseBroadcastListener.DisconnectReason.SHUTDOWN);
		}
		if (logger.isTraceEnabled()) {
			logger.trace("SSE client " + client.getId() + " connected (" + this.clientCount.get() + " connected)");
		}
	}

	/**
	 * Return 32 random hex digits. Client ids only tell clients apart; they are not secrets,
	 * so they come from {@link ThreadLocalRandom} rather than {@code UUID.randomUUID()}, whose
	 * shared SecureRandom lock serializes bursts of connecting clients.
	 */
	private static String newClientId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		String high = Long.toHexString(random.nextLong());
		String low = Long.toHexString(random.nextLong());
		return "0".repeat(16 - high.length()) + high + "0".repeat(16 - low.length()) + low;
	}

	private void reserveClientSlot() {
		while (true) {
			int count = this.clientCount.get();
			if (this.maxClients > 0 && count >= this.maxClients) {
				throw new SseSubscriptionRejectedException(
						"The limit of " + this.maxClients + " connected clients is reached");
			}
			if (this.clientCount.compareAndSet(count, count + 1)) {
				return;
			}
		}
	}

	private static void index(Map<String, Set<SseClient>> index, String key, SseClient client) {
		index.compute(key, (k, clients) -> {
			Set<SseClient> set = (clients != null) ? clients : ConcurrentHashMap.newKeySet();
			set.add(client);
			return set;
		});
	}

	private static void unindex(Map<String, Set<SseClient>> index, String key, SseClient client) {
		index.computeIfPresent(key, (k, clients) -> (clients.remove(client) && clients.isEmpty()) ? null : clients);
	}

	private SseFrame openingFrame(String clientId, ReplayHistory.@Nullable Replay replay) {
		if (!this.connectedEvent) {
			return SseEventEncoder.reconnectTime(this.reconnectTime);
		}
		String data = "{\"clientId\":\"" + clientId + "\",\"serverTime\":\"" + Instant.now() + "\""
				+ ((replay != null && replay.resetReason() == null) ? ",\"replayed\":" + replay.frames().size() : "")
				+ "}";
		return SseEventEncoder.encode(SseEvent.builder()
			.reconnectTime(this.reconnectTime)
			.name(CONNECTED_EVENT_NAME)
			.data(data)
			.build());
	}

	private void remove(SseClient client) {
		if (this.clients.remove(client.getId(), client)) {
			SseSubscription subscription = client.getSubscription();
			for (String topic : subscription.topics()) {
				unindex(this.topicSubscribers, topic, client);
			}
			if (subscription.user() != null) {
				unindex(this.userClients, subscription.user(), client);
			}
			int remaining = this.clientCount.decrementAndGet();
			this.listener.clientDisconnected(client.getEndReason());
			if (logger.isTraceEnabled()) {
				logger.trace("SSE client " + client.getId() + " disconnected (" + remaining + " connected)");
			}
			if (this.stopping && this.clients.isEmpty()) {
				synchronized (this.lifecycleMonitor) {
					this.lifecycleMonitor.notifyAll();
				}
			}
		}
	}

	/**
	 * Send a keep-alive comment to every stream that has sent nothing for half the
	 * keep-alive interval. Run every half interval, so that no stream is silent for longer
	 * than the interval, and a stream that carries events more often gets no keep-alive.
	 */
	void sendKeepAlive() {
		SseFrame frame = SseEventEncoder.comment("keep-alive " + Instant.now());
		long idleNanos = this.keepAlive.toNanos() / 2;
		for (SseClient client : this.clients.values()) {
			client.offerKeepAlive(frame, idleNanos);
		}
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running) {
				return;
			}
			this.stopping = false;
			ScheduledExecutorService scheduler = Executors
				.newSingleThreadScheduledExecutor(new SseWriterExecutors.DaemonThreadFactory("sse-broadcast-timer-"));
			if (!this.keepAlive.isZero()) {
				long period = Math.max(1, this.keepAlive.toMillis() / 2);
				scheduler.scheduleAtFixedRate(this::sendKeepAliveSafely, period, period, TimeUnit.MILLISECONDS);
			}
			long stallCheck = Math.max(10, Math.min(MAX_STALL_CHECK_INTERVAL.toMillis(), this.writeTimeout.toMillis() / 4));
			scheduler.scheduleWithFixedDelay(this::endStalledClientsSafely, stallCheck, stallCheck,
					TimeUnit.MILLISECONDS);
			this.scheduler = scheduler;
			if (this.relay != null) {
				this.relay.start(new SseRelay.Listener() {

					@Override
					public void relayed(String id, SseAudience audience, SseEvent event, boolean live) {
						DefaultSseBroadcaster.this.relayed(id, audience, event, live);
					}

					@Override
					public void missed() {
						relayMissedEvents();
					}

					@Override
					public void lag(Duration lag) {
						DefaultSseBroadcaster.this.listener.eventRelayed(lag);
					}

				}, (this.history != null) ? this.history.capacity() : 0);
			}
			this.running = true;
		}
	}

	private void endStalledClientsSafely() {
		try {
			endStalledClients();
		}
		catch (RuntimeException ex) {
			// thrown from a scheduled task, it would cancel every later check
			logger.warn("Failed to end stalled SSE clients: " + ex);
		}
	}

	private void sendKeepAliveSafely() {
		try {
			sendKeepAlive();
		}
		catch (RuntimeException ex) {
			logger.warn("Failed to send SSE keep-alive: " + ex);
		}
	}

	/**
	 * End every client that has taken nothing for the write timeout: it stopped reading, or
	 * its network is gone without a word. Its queue is dropped and its transport aborted.
	 * @return how many clients were ended
	 */
	int endStalledClients() {
		long now = this.nanoClock.getAsLong();
		long timeoutNanos = this.writeTimeout.toNanos();
		int ended = 0;
		for (SseClient client : this.clients.values()) {
			if (client.isStalled(now, timeoutNanos)) {
				if (logger.isDebugEnabled()) {
					logger.debug("SSE client " + client.getId() + " has taken nothing for " + this.writeTimeout
							+ "; ending it");
				}
				client.abort(SseBroadcastListener.DisconnectReason.WRITE_TIMEOUT);
				ended++;
			}
		}
		return ended;
	}

	/**
	 * Complete every stream, after what is already queued, with a {@code retry:} hint so that
	 * clients come back later, and refuse new clients until started again. Waits up to one
	 * second for the streams to end, and then aborts those whose clients are not reading.
	 */
	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			this.stopping = true;
			this.running = false;
			if (this.scheduler != null) {
				this.scheduler.shutdownNow();
				this.scheduler = null;
			}
			if (this.relay != null) {
				this.relay.stop();
			}
			SseFrame goodbye = SseEventEncoder.reconnectTime(this.reconnectTime);
			int count = this.clients.size();
			for (SseClient client : this.clients.values()) {
				client.close(goodbye, SseBroadcastListener.DisconnectReason.SHUTDOWN);
			}
			long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
			long remaining;
			while (!this.clients.isEmpty() && (remaining = deadline - System.nanoTime()) > 0) {
				try {
					TimeUnit.NANOSECONDS.timedWait(this.lifecycleMonitor, remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			int stalled = this.clients.size();
			// clients that took nothing meanwhile would hold the server's graceful shutdown
			this.clients.values().forEach((client) -> client.abort(SseBroadcastListener.DisconnectReason.SHUTDOWN));
			if (count > 0) {
				logger.info("Closed " + count + " SSE streams"
						+ ((stalled > 0) ? ", " + stalled + " of them aborted as their clients were not reading" : ""));
			}
		}
	}

	/**
	 * Return whether the broadcaster is shutting down, or was stopped, and refuses clients.
	 * @return whether it is stopping
	 */
	public boolean isStopping() {
		return this.stopping;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void destroy() {
		if (this.running) {
			stop();
		}
		if (this.ownedWriterExecutor != null) {
			this.ownedWriterExecutor.shutdown();
		}
	}

	/**
	 * Builder for {@link DefaultSseBroadcaster}, with the same defaults as the
	 * {@code sse.broadcast.*} properties.
	 */
	public static class Builder {

		private Duration reconnectTime = DEFAULT_RECONNECT_TIME;

		private Duration keepAlive = DEFAULT_KEEP_ALIVE;

		private Duration writeTimeout = DEFAULT_WRITE_TIMEOUT;

		private LongSupplier nanoClock = System::nanoTime;

		private int maxClients = DEFAULT_MAX_CLIENTS;

		private int maxClientsPerUser;

		private int clientQueueCapacity = DEFAULT_CLIENT_QUEUE_CAPACITY;

		private long clientQueueMaxBytes = DEFAULT_CLIENT_QUEUE_MAX_BYTES;

		private OverflowPolicy overflowPolicy = DEFAULT_OVERFLOW_POLICY;

		private boolean connectedEvent = DEFAULT_CONNECTED_EVENT;

		private SseDataSerializer dataSerializer = (data) -> {
			throw new IllegalArgumentException("No serializer for " + data.getClass().getName()
					+ " event data; send a String or configure a SseDataSerializer");
		};

		private boolean replay = true;

		private int replayMaxEvents = DEFAULT_REPLAY_MAX_EVENTS;

		private long replayMaxBytes = DEFAULT_REPLAY_MAX_BYTES;

		private Duration replayMaxAge = DEFAULT_REPLAY_MAX_AGE;

		private String resetEventName = DEFAULT_RESET_EVENT_NAME;

		@Nullable
		private SseRelay relay;

		private final List<SseBroadcastListener> listeners = new ArrayList<>();

		@Nullable
		private Executor writerExecutor;

		@Nullable
		private Integer writerThreads;

		protected Builder() {
		}

		/**
		 * Set the reconnect time sent to each client when it connects and when it is closed
		 * on shutdown.
		 * @param reconnectTime the reconnect time
		 * @return this builder
		 */
		public Builder reconnectTime(Duration reconnectTime) {
			Assert.isTrue(reconnectTime != null && !reconnectTime.isNegative(),
					"'reconnectTime' must not be negative");
			this.reconnectTime = reconnectTime;
			return this;
		}

		/**
		 * Set the interval of keep-alive comments.
		 * @param keepAlive the interval, or zero to send none
		 * @return this builder
		 */
		public Builder keepAlive(Duration keepAlive) {
			Assert.isTrue(keepAlive != null && !keepAlive.isNegative() && keepAlive.compareTo(MAX_KEEP_ALIVE) <= 0,
					"'keepAlive' must be between 0 and 1 hour");
			this.keepAlive = keepAlive;
			return this;
		}

		/**
		 * Set how long a client may take no bytes at all, while events wait for it, before it
		 * is ended and its queue dropped.
		 * @param writeTimeout the timeout
		 * @return this builder
		 */
		public Builder writeTimeout(Duration writeTimeout) {
			Assert.isTrue(writeTimeout != null && !writeTimeout.isNegative() && !writeTimeout.isZero(),
					"'writeTimeout' must be positive");
			this.writeTimeout = writeTimeout;
			return this;
		}

		/**
		 * Set the clock of keep-alives and write deadlines, for tests.
		 * @param nanoClock a clock read as {@link System#nanoTime()} is
		 * @return this builder
		 */
		Builder nanoClock(LongSupplier nanoClock) {
			this.nanoClock = nanoClock;
			return this;
		}

		/**
		 * Set the maximum number of connected clients.
		 * @param maxClients the limit, or zero for none
		 * @return this builder
		 */
		public Builder maxClients(int maxClients) {
			Assert.isTrue(maxClients >= 0, "'maxClients' must not be negative");
			this.maxClients = maxClients;
			return this;
		}

		/**
		 * Set the maximum number of streams one user may have open at once, in every tab
		 * and on every device; streams of anonymous requests are not counted.
		 * @param maxClientsPerUser the limit, or zero for none
		 * @return this builder
		 */
		public Builder maxClientsPerUser(int maxClientsPerUser) {
			Assert.isTrue(maxClientsPerUser >= 0, "'maxClientsPerUser' must not be negative");
			this.maxClientsPerUser = maxClientsPerUser;
			return this;
		}

		/**
		 * Set how many events may wait for each client.
		 * @param clientQueueCapacity the capacity
		 * @return this builder
		 */
		public Builder clientQueueCapacity(int clientQueueCapacity) {
			Assert.isTrue(clientQueueCapacity > 0, "'clientQueueCapacity' must be positive");
			this.clientQueueCapacity = clientQueueCapacity;
			return this;
		}

		/**
		 * Set the most bytes of encoded events that may wait for one client; past it, as past
		 * the queue's capacity, the overflow policy applies.
		 * @param clientQueueMaxBytes the bound, in bytes
		 * @return this builder
		 */
		public Builder clientQueueMaxBytes(long clientQueueMaxBytes) {
			Assert.isTrue(clientQueueMaxBytes > 0, "'clientQueueMaxBytes' must be positive");
			this.clientQueueMaxBytes = clientQueueMaxBytes;
			return this;
		}

		/**
		 * Set what happens when a client's queue is full.
		 * @param overflowPolicy the policy
		 * @return this builder
		 */
		public Builder overflowPolicy(OverflowPolicy overflowPolicy) {
			Assert.notNull(overflowPolicy, "'overflowPolicy' must not be null");
			this.overflowPolicy = overflowPolicy;
			return this;
		}

		/**
		 * Set whether each client first receives a {@code connected} event.
		 * @param connectedEvent whether to send it
		 * @return this builder
		 */
		public Builder connectedEvent(boolean connectedEvent) {
			this.connectedEvent = connectedEvent;
			return this;
		}

		/**
		 * Set how data that is not a {@link String} is serialized.
		 * @param dataSerializer the serializer
		 * @return this builder
		 */
		public Builder dataSerializer(SseDataSerializer dataSerializer) {
			Assert.notNull(dataSerializer, "'dataSerializer' must not be null");
			this.dataSerializer = dataSerializer;
			return this;
		}

		/**
		 * Set the executor that runs the clients' writers; it is not shut down by the
		 * broadcaster. By default the broadcaster creates and owns one.
		 * @param writerExecutor the executor
		 * @return this builder
		 * @see SseWriterExecutors
		 */
		public Builder writerExecutor(@Nullable Executor writerExecutor) {
			this.writerExecutor = writerExecutor;
			return this;
		}

		/**
		 * Set the number of writer threads of the executor the broadcaster creates. Writers
		 * never wait for a client, so more threads than CPUs do not write faster.
		 * @param writerThreads the number of threads, or {@code null} for one per CPU, and
		 * at least 2
		 * @return this builder
		 */
		public Builder writerThreads(@Nullable Integer writerThreads) {
			Assert.isTrue(writerThreads == null || writerThreads > 0, "'writerThreads' must be positive");
			this.writerThreads = writerThreads;
			return this;
		}

		/**
		 * Set whether events get ids and are kept for clients that resume with the id of the
		 * last event they received.
		 * @param replay whether to keep a history
		 * @return this builder
		 */
		public Builder replay(boolean replay) {
			this.replay = replay;
			return this;
		}

		/**
		 * Set how many events the history keeps for clients that resume.
		 * @param replayMaxEvents the number of events
		 * @return this builder
		 */
		public Builder replayMaxEvents(int replayMaxEvents) {
			Assert.isTrue(replayMaxEvents > 0, "'replayMaxEvents' must be positive");
			this.replayMaxEvents = replayMaxEvents;
			return this;
		}

		/**
		 * Set how many bytes of encoded events the history keeps for clients that resume.
		 * @param replayMaxBytes the bound, in bytes
		 * @return this builder
		 */
		public Builder replayMaxBytes(long replayMaxBytes) {
			Assert.isTrue(replayMaxBytes > 0, "'replayMaxBytes' must be positive");
			this.replayMaxBytes = replayMaxBytes;
			return this;
		}

		/**
		 * Set how long the history keeps an event for clients that resume.
		 * @param replayMaxAge the age
		 * @return this builder
		 */
		public Builder replayMaxAge(Duration replayMaxAge) {
			Assert.isTrue(replayMaxAge != null && !replayMaxAge.isNegative() && !replayMaxAge.isZero(),
					"'replayMaxAge' must be positive");
			this.replayMaxAge = replayMaxAge;
			return this;
		}

		/**
		 * Set the name of the event a client that cannot resume receives instead of the
		 * events it missed.
		 * @param resetEventName the event name
		 * @return this builder
		 */
		public Builder resetEventName(String resetEventName) {
			Assert.isTrue(SseEvent.isValidName(resetEventName), "'resetEventName' must be a valid event name");
			this.resetEventName = resetEventName;
			return this;
		}

		/**
		 * Set the relay that carries events between the application's instances; by
		 * default there is none, and events go to this instance's clients only.
		 * @param relay the relay, or {@code null} for none
		 * @return this builder
		 */
		public Builder relay(@Nullable SseRelay relay) {
			this.relay = relay;
			return this;
		}

		/**
		 * Add a listener that learns what happens in the broadcaster, such as metrics.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(SseBroadcastListener listener) {
			Assert.notNull(listener, "'listener' must not be null");
			this.listeners.add(listener);
			return this;
		}

		public DefaultSseBroadcaster build() {
			return new DefaultSseBroadcaster(this);
		}

	}

}
