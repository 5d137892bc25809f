package io.github.ssebroadcast.test;

import java.time.Duration;

import io.github.ssebroadcast.broadcast.SseAudience;
import io.github.ssebroadcast.broadcast.SseRelay;
import io.github.ssebroadcast.event.SseEvent;

/**
 * A relay that relays nothing, and says it is available while the test says so.
 */
public class StubRelay implements SseRelay {

	private volatile boolean available = true;

	public void setAvailable(boolean available) {
		this.available = available;
	}

	@Override
	public String publish(SseAudience audience, SseEvent event) {
		return "1-0";
	}

	@Override
	public void start(Listener listener, int history) {
	}

	@Override
	public void stop() {
	}

	@Override
	public void awaitHandedOver(String id, Duration timeout) {
	}

	@Override
	public boolean isAvailable() {
		return this.available;
	}

}
