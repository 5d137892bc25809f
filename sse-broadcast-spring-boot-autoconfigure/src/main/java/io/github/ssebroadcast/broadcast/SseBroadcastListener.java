package io.github.ssebroadcast.broadcast;

import java.time.Duration;

/**
 * Learns what happens in a {@link DefaultSseBroadcaster}: clients that connect and leave,
 * events published, delivered and dropped, clients that resume. Metrics are built on it.
 * <p>Called on the threads where it happens, publishers' and writers' included, often under
 * the broadcaster's locks: an implementation only counts, never blocks, never throws, and
 * never calls back into the broadcaster. Every method does nothing by default.
 */
public interface SseBroadcastListener {

	/** A listener that does nothing. */
	SseBroadcastListener NONE = new SseBroadcastListener() {
	};

	/**
	 * A client connected.
	 */
	default void clientConnected() {
	}

	/**
	 * A client that had connected is gone.
	 * @param reason why its stream ended
	 */
	default void clientDisconnected(DisconnectReason reason) {
	}

	/**
	 * An event was published, on this instance. With a relay, it is counted where it was
	 * published, and delivered on every instance.
	 * @param kind who it is for
	 */
	default void eventPublished(SseAudience.Kind kind) {
	}

	/**
	 * Events were written to a client: live, replayed and {@code connected} events, not
	 * keep-alive comments.
	 * @param count how many
	 */
	default void eventsDelivered(int count) {
	}

	/**
	 * Events for a client were dropped, never to reach it.
	 * @param reason why
	 * @param count how many
	 */
	default void eventsDropped(DropReason reason, int count) {
	}

	/**
	 * A client connected with the id of the last event it received.
	 * @param outcome whether it got the events it missed or the reset event
	 */
	default void clientResumed(ResumeOutcome outcome) {
	}

	/**
	 * An event appended to the relay by any instance reached this instance.
	 * @param lag how long after it was appended
	 */
	default void eventRelayed(Duration lag) {
	}

	/**
	 * Why a client's stream ended.
	 */
	enum DisconnectReason {

		/** The client left, its connection broke, or the stream's own timeout ended it. */
		CLIENT("client"),

		/** Its queue was full and the overflow policy is to disconnect. */
		OVERFLOW("overflow"),

		/** It took nothing for the write timeout. */
		WRITE_TIMEOUT("write-timeout"),

		/** The broadcaster stopped. */
		SHUTDOWN("shutdown"),

		/** The relay missed events, so the client reconnects and learns it may have too. */
		RELAY_MISSED("relay-missed");

		private final String value;

		DisconnectReason(String value) {
			this.value = value;
		}

		/**
		 * Return the reason as a metric tag writes it.
		 * @return the value
		 */
		public String value() {
			return this.value;
		}

	}

	/**
	 * Why events for a client were dropped.
	 */
	enum DropReason {

		/** Its queue was full: the oldest made room, or the new one found no room. */
		OVERFLOW("overflow"),

		/** They were still queued when its stream ended. */
		DISCONNECTED("disconnected");

		private final String value;

		DropReason(String value) {
			this.value = value;
		}

		/**
		 * Return the reason as a metric tag writes it.
		 * @return the value
		 */
		public String value() {
			return this.value;
		}

	}

	/**
	 * What a client that resumed got.
	 */
	enum ResumeOutcome {

		/** The events it missed, none if it missed none. */
		REPLAYED("replayed"),

		/** The reset event, as the events it missed are no longer known. */
		RESET("reset");

		private final String value;

		ResumeOutcome(String value) {
			this.value = value;
		}

		/**
		 * Return the outcome as a metric tag writes it.
		 * @return the value
		 */
		public String value() {
			return this.value;
		}

	}

}
