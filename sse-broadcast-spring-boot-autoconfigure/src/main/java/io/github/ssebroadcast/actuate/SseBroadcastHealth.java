package io.github.ssebroadcast.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.SseRelay;

/**
 * The broadcaster's health, as both Spring Boot lines' health indicators report it: up while
 * it accepts clients, out of service before it starts and while it shuts down, and down while its relay between
 * instances cannot reach its shared log, since events published meanwhile are refused.
 *
 * @param state the state
 * @param details the number of clients, the size of the history and the relay's state
 */
public record SseBroadcastHealth(State state, Map<String, Object> details) {

	/**
	 * Read the health of a broadcaster.
	 * @param broadcaster the broadcaster
	 * @return its health now
	 */
	public static SseBroadcastHealth of(DefaultSseBroadcaster broadcaster) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("clients", broadcaster.getClientCount());
		details.put("history", broadcaster.getHistorySize());
		SseRelay relay = broadcaster.getRelay();
		details.put("relay", (relay == null) ? "none" : (relay.isAvailable() ? "connected" : "unreachable"));
		State state;
		if (!broadcaster.isRunning()) {
			// before it starts, and once it stops
			state = State.OUT_OF_SERVICE;
		}
		else if (relay != null && !relay.isAvailable()) {
			state = State.DOWN;
		}
		else {
			state = State.UP;
		}
		return new SseBroadcastHealth(state, details);
	}

	/**
	 * States of the broadcaster.
	 */
	public enum State {

		/** Accepting clients, and publishing works. */
		UP,

		/** Shutting down: new clients are refused. */
		OUT_OF_SERVICE,

		/** The relay cannot reach its shared log: publishing fails. */
		DOWN

	}

}
