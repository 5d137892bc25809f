package io.github.ssebroadcast.broadcast;

import io.github.ssebroadcast.event.SseFrame;

/**
 * The connection of one client, as the broadcaster's core sees it. The core queues encoded
 * frames for a client and hands them to its transport only while the transport can take
 * them without blocking, so that no thread ever waits for a client that stopped reading, and
 * the core (clients, queues, overflow policies, keep-alives, write deadlines, shutdown) reads
 * and tests without a server. {@link io.github.ssebroadcast.servlet.SseStream} is the
 * transport over Spring MVC and the servlet container.
 * <p>A transport reports back to the {@link SseConnection} that
 * {@link SseBroadcaster#connect(SseTransport)} returns: when it can take frames again after
 * {@link #isReady()} said it could not, and when it ended.
 */
public interface SseTransport {

	/**
	 * Return whether frames can be sent now without blocking. When this returns
	 * {@code false}, the transport calls {@link SseConnection#writePossible()} once they can.
	 * @return whether {@link #send} may be called
	 */
	boolean isReady();

	/**
	 * Send frames, without blocking, after {@link #isReady()} returned {@code true}. Called
	 * by one writer at a time.
	 * @param frames the frames; only the first {@code count} are sent
	 * @param count how many frames to send
	 * @return {@code true} if they were taken, {@code false} if the client has gone away or
	 * the stream is complete
	 */
	boolean send(SseFrame[] frames, int count);

	/**
	 * End the stream normally, after what was sent, and call {@link SseConnection#ended()}
	 * once it has ended, which may be later, when the client has taken what was sent.
	 */
	void complete();

	/**
	 * End the stream at once and release the connection, dropping whatever the client has
	 * not taken: for a client that stopped reading.
	 */
	void abort();

}
