package io.github.ssebroadcast.broadcast;

/**
 * Thrown when an event cannot be published because the relay between instances cannot
 * reach its shared log. Nothing was sent: the caller may retry later.
 */
public class SseRelayException extends RuntimeException {

	public SseRelayException(String message) {
		super(message);
	}

	public SseRelayException(String message, Throwable cause) {
		super(message, cause);
	}

}
