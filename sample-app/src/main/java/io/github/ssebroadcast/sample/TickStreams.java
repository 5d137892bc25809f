package io.github.ssebroadcast.sample;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.SseSubscriptionRejectedException;
import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.servlet.SseStream;
import io.github.ssebroadcast.servlet.SseStreams;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;

/**
 * Runs the per-connection streams of {@link TickStreamController}: a {@code connected}
 * event, {@code tick} events with ids 1 to {@code count}, then a {@code complete} event,
 * after which the stream ends.
 * <p>Ticks are sent from a private scheduler, so no request thread waits between them.
 * Sends only block on a client that stopped reading, so two threads serve many streams. A
 * stream stops ticking as soon as a send fails because its client went away. On shutdown
 * every stream is ended before the web server's graceful shutdown, which would otherwise
 * wait for it; browsers reconnect with {@code Last-Event-ID} and resume where they were.
 */
@Component
class TickStreams implements SmartLifecycle, DisposableBean {

	/** Reconnect time announced in the {@code connected} event. */
	static final Duration RECONNECT_TIME = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(TickStreams.class);

	private final SseStreams streams;

	private final JsonMapper jsonMapper;

	private final ScheduledThreadPoolExecutor scheduler;

	private final Set<Ticker> tickers = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	private volatile boolean stopping;

	TickStreams(SseStreams streams, JsonMapper jsonMapper) {
		this.streams = streams;
		this.jsonMapper = jsonMapper;
		CustomizableThreadFactory threadFactory = new CustomizableThreadFactory("sample-ticks-");
		threadFactory.setDaemon(true);
		this.scheduler = new ScheduledThreadPoolExecutor(2, threadFactory);
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Open a stream and schedule its ticks.
	 * @param count the number of ticks
	 * @param intervalMs the interval between ticks, in milliseconds
	 * @param lastTick the last tick the client already received, 0 for none
	 * @return the stream, for the controller to return
	 * @throws SseSubscriptionRejectedException if the application is shutting down
	 */
	SseStream open(int count, int intervalMs, int lastTick) {
		if (this.stopping) {
			throw new SseSubscriptionRejectedException("The server is shutting down");
		}
		String message = (lastTick > 0) ? "Resuming after tick " + lastTick + " of " + count
				: "Sending " + count + " ticks every " + intervalMs + " ms";
		SseStream stream = this.streams.open(SseEvent.builder()
			.name("connected")
			.reconnectTime(RECONNECT_TIME)
			.data(json(new TicksConnected(message, Instant.now(), count, intervalMs)))
			.build());
		Ticker ticker = new Ticker(stream, count, lastTick + 1);
		this.tickers.add(ticker);
		stream.onCompletion(() -> ticker.end(false));
		stream.onTimeout(() -> ticker.end(false));
		stream.onError((ex) -> ticker.end(false));
		ticker.schedule(intervalMs);
		return stream;
	}

	/**
	 * Return how many streams are ticking.
	 * @return the number of open streams
	 */
	int getOpenCount() {
		return this.tickers.size();
	}

	private String json(Object data) {
		try {
			return this.jsonMapper.writeValueAsString(data);
		}
		catch (JacksonException ex) {
			throw new IllegalStateException("Cannot write event data as JSON", ex);
		}
	}

	@Override
	public void start() {
		this.stopping = false;
		this.running = true;
	}

	/**
	 * End every stream, so that the web server's graceful shutdown does not wait for them,
	 * and refuse new ones.
	 */
	@Override
	public void stop() {
		this.stopping = true;
		this.running = false;
		this.tickers.forEach((ticker) -> ticker.end(true));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return DefaultSseBroadcaster.PHASE;
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

	/**
	 * Sends the ticks of one stream, one per run, then the {@code complete} event.
	 */
	private final class Ticker implements Runnable {

		private final SseStream stream;

		private final int total;

		private final AtomicBoolean ended = new AtomicBoolean();

		private int next;

		private volatile ScheduledFuture<?> future;

		Ticker(SseStream stream, int total, int first) {
			this.stream = stream;
			this.total = total;
			this.next = first;
		}

		void schedule(long intervalMs) {
			this.future = TickStreams.this.scheduler.scheduleWithFixedDelay(this, intervalMs, intervalMs,
					TimeUnit.MILLISECONDS);
			if (this.ended.get()) {
				this.future.cancel(false);
			}
		}

		@Override
		public void run() {
			if (this.ended.get()) {
				return;
			}
			try {
				int i = this.next++;
				SseEvent tick = SseEvent.builder()
					.id(Integer.toString(i))
					.name("tick")
					.data(json(new Tick(i, this.total, Instant.now())))
					.build();
				if (!this.stream.send(tick)) {
					end(false);
				}
				else if (i >= this.total) {
					boolean sent = this.stream.send(SseEvent.builder()
						.name("complete")
						.data(json(new TicksComplete("Sent " + this.total + " ticks", this.total, Instant.now())))
						.build());
					end(sent);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Tick stream failed, ending it: " + ex);
				end(false);
			}
		}

		/**
		 * Stop ticking, once.
		 * @param complete whether to complete the stream; never after a failed send
		 */
		void end(boolean complete) {
			if (this.ended.compareAndSet(false, true)) {
				TickStreams.this.tickers.remove(this);
				ScheduledFuture<?> future = this.future;
				if (future != null) {
					future.cancel(false);
				}
				if (complete) {
					this.stream.complete();
				}
			}
		}

	}

	/**
	 * Data of the {@code connected} event of a tick stream.
	 *
	 * @param message what the stream is going to send
	 * @param serverTime when the stream opened
	 * @param count the number of ticks of the stream
	 * @param intervalMs the interval between ticks, in milliseconds
	 */
	record TicksConnected(String message, Instant serverTime, int count, int intervalMs) {

	}

	/**
	 * Data of a {@code tick} event, whose id is {@code i}.
	 *
	 * @param i the number of this tick, from 1
	 * @param total the number of ticks of the stream
	 * @param timestamp when the tick was sent
	 */
	record Tick(int i, int total, Instant timestamp) {

	}

	/**
	 * Data of the {@code complete} event, after which the stream ends.
	 *
	 * @param message a summary
	 * @param total the number of ticks sent
	 * @param serverTime when the stream completed
	 */
	record TicksComplete(String message, int total, Instant serverTime) {

	}

}
