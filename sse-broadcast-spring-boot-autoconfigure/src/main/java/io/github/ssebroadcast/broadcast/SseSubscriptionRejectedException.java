package io.github.ssebroadcast.broadcast;

/**
 * Thrown when a client cannot connect now: the client limit is reached or the broadcaster
 * is shutting down. The client should retry later.
 */
public class SseSubscriptionRejectedException extends RuntimeException {

	public SseSubscriptionRejectedException(String message) {
		super(message);
	}

}
