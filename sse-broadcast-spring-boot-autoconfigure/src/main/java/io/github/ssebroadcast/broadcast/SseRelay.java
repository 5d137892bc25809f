package io.github.ssebroadcast.broadcast;

import java.time.Duration;

import io.github.ssebroadcast.event.SseEvent;

/**
 * Carries a broadcaster's events between the instances of an application through a log
 * they share, so that every instance delivers every event once, in the log's one order, with
 * the same id. A broadcaster with a relay publishes to it instead of delivering, and delivers
 * what the relay hands back, its own events included.
 */
public interface SseRelay {

	/**
	 * Append an event to the shared log.
	 * @param audience who the event is for
	 * @param event the event
	 * @return the id the log gave the event, which is its id on every instance unless its
	 * publisher gave it one
	 * @throws SseRelayException if the log cannot be reached, at once when the relay knows
	 * it is unreachable, and otherwise within the relay's timeout
	 */
	String publish(SseAudience audience, SseEvent event);

	/**
	 * Start handing the log's events to the listener, in the log's order, from a thread of
	 * the relay's own: first, as history, the newest events the log keeps, at most the given
	 * number; then every event appended from then on. While the log cannot be reached, the
	 * relay retries, and resumes after the last event it handed over.
	 * @param listener what the events are handed to
	 * @param history how many of the events the log keeps to hand over first
	 */
	void start(Listener listener, int history);

	/**
	 * Stop handing events over.
	 */
	void stop();

	/**
	 * Wait, for at most the given time, until the relay has handed over the event with the
	 * given id, when it is an id of the log that this instance has not read yet: a client
	 * that received it from another instance may resume here a moment before this instance
	 * reads it. Returns at once for any other id.
	 * @param id the id of the last event a client received
	 * @param timeout the longest wait
	 */
	void awaitHandedOver(String id, Duration timeout);

	/**
	 * Return whether the log could be reached the last time the relay tried.
	 * @return whether the relay is available
	 */
	boolean isAvailable();

	/**
	 * Receives the events of the log.
	 */
	@FunctionalInterface
	interface Listener {

		/**
		 * Learn that the relay missed events: the log dropped them before the relay read
		 * them. Clients may have missed them too, and resuming from before them would leave
		 * a gap.
		 */
		default void missed() {
		}

		/**
		 * Learn how long after it was appended to the log a live event reached this
		 * instance, before it is handed over.
		 * @param lag the time from its append to now
		 */
		default void lag(Duration lag) {
		}

		/**
		 * Take an event of the log.
		 * @param id the id the log gave it
		 * @param audience who the event is for
		 * @param event the event, with its publisher's id if it had one
		 * @param live {@code true} for an event appended while the relay runs, to deliver;
		 * {@code false} for one of the history read at start, to keep for clients that resume
		 */
		void relayed(String id, SseAudience audience, SseEvent event, boolean live);

	}

}
