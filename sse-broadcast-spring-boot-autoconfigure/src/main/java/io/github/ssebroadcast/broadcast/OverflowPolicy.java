package io.github.ssebroadcast.broadcast;

/**
 * What happens when a client's queue is full because it does not read fast enough.
 */
public enum OverflowPolicy {

	/**
	 * Disconnect the client, which may reconnect and resume. Nothing is lost silently.
	 */
	DISCONNECT,

	/**
	 * Drop the oldest queued event to make room for the new one, and keep the client.
	 */
	DROP_OLDEST

}
