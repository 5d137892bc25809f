package io.github.ssebroadcast.test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ssebroadcast.broadcast.SseAudience;
import io.github.ssebroadcast.broadcast.SseRelayException;
import io.github.ssebroadcast.event.SseEvent;

/**
 * A relay that hands every event back at once, as appended the given time ago, as if every
 * instance read it from the log; and that fails as a relay that lost Redis does once the
 * test lets it take no more events.
 */
public class LoopbackRelay extends StubRelay {

	private final Duration lag;

	private final AtomicInteger ids = new AtomicInteger();

	private final AtomicInteger permits = new AtomicInteger(Integer.MAX_VALUE);

	private volatile Listener listener;

	public LoopbackRelay() {
		this(Duration.ZERO);
	}

	public LoopbackRelay(Duration lag) {
		this.lag = lag;
	}

	/**
	 * Take the given number of events more, then refuse every one.
	 * @param events how many events to take
	 */
	public void failAfter(int events) {
		this.permits.set(events);
	}

	/**
	 * Tell the broadcaster that the log dropped events before the relay read them.
	 */
	public void missed() {
		this.listener.missed();
	}

	@Override
	public String publish(SseAudience audience, SseEvent event) {
		if (this.permits.getAndUpdate((permits) -> Math.max(0, permits - 1)) == 0) {
			throw new SseRelayException("Redis cannot be reached; the event was not sent");
		}
		String id = "1-" + this.ids.incrementAndGet();
		this.listener.lag(this.lag);
		this.listener.relayed(id, audience, event, true);
		return id;
	}

	@Override
	public void start(Listener listener, int history) {
		this.listener = listener;
	}

}
