package io.github.ssebroadcast.broadcast;

import io.github.ssebroadcast.event.SseFrame;

/**
 * The connection of one client, as the broadcaster's core sees it: it only queues encoded
 * frames for a client and hands them to its transport, so that the core (clients, queues,
 * overflow policies, keep-alives, shutdown) reads and tests without a server.
 * {@link io.github.ssebroadcast.stream.SseStream} is the transport over Spring MVC and the
 * servlet container.
 */
public interface SseTransport {

	/**
	 * Send frames in one write and one flush. Called by one writer at a time.
	 * @param frames the frames; only the first {@code count} are sent
	 * @param count how many frames to send
	 * @return {@code true} if they were written, {@code false} if the client has gone away or
	 * the stream is complete
	 */
	boolean send(SseFrame[] frames, int count);

	/**
	 * End the stream normally, after what was sent.
	 */
	void complete();

}
