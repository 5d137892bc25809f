package io.github.ssebroadcast.web;

import io.github.ssebroadcast.broadcast.SseRelayException;

/**
 * A batch whose sending stopped because the relay between instances failed: the events
 * before the one that failed were sent, the rest were not.
 */
class SseBroadcastBatchInterruptedException extends RuntimeException {

	private final int published;

	SseBroadcastBatchInterruptedException(int published, SseRelayException cause) {
		super(cause.getMessage(), cause);
		this.published = published;
	}

	/**
	 * Return how many events of the batch were sent, the first ones in its order.
	 * @return the number of events sent
	 */
	int getPublished() {
		return this.published;
	}

}
