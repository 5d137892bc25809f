package io.github.ssebroadcast.broadcast;

/**
 * A client connected to a {@link SseBroadcaster}, as its {@link SseTransport} sees it: what
 * the transport tells the broadcaster.
 */
public interface SseConnection {

	/**
	 * Return the client's id, as sent in its {@code connected} event.
	 * @return the id
	 */
	String getId();

	/**
	 * Tell the broadcaster that the transport can take frames again, after
	 * {@link SseTransport#isReady()} returned {@code false}. May be called on any thread;
	 * never sends on the caller's thread.
	 */
	void writePossible();

	/**
	 * Tell the broadcaster that the stream ended, however it ended (completion, timeout,
	 * error, a failed write), so that it releases the client.
	 */
	void ended();

}
