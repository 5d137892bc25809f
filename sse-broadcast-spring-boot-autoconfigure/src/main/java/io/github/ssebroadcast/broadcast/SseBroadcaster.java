package io.github.ssebroadcast.broadcast;

import java.time.Duration;

import io.github.ssebroadcast.event.SseEvent;

import org.jspecify.annotations.Nullable;

/**
 * Sends events to every connected Server-Sent Events client.
 * <p>All methods may be called from any thread, inside or outside a request: controllers,
 * {@code @Scheduled} jobs, message listeners. Broadcasting never waits for a client: each
 * event is encoded once and queued for every client, and each client's own writer sends it.
 */
public interface SseBroadcaster {

	/**
	 * Broadcast an event.
	 * @param event the event
	 * @return how many clients the event was queued for
	 */
	BroadcastResult broadcast(SseEvent event);

	/**
	 * Broadcast an event with a name and data.
	 * @param name the event name, a plain token
	 * @param data a {@link String} sent as is, or any object, serialized once to JSON
	 * @return how many clients the event was queued for
	 */
	default BroadcastResult broadcast(String name, Object data) {
		return broadcast(name, data, null, null);
	}

	/**
	 * Broadcast an event with a name, data, an optional id and an optional reconnect time.
	 * @param name the event name, a plain token
	 * @param data a {@link String} sent as is, or any object, serialized once to JSON
	 * @param id the event id, or {@code null}
	 * @param reconnectTime the reconnect time clients should use, or {@code null}
	 * @return how many clients the event was queued for
	 */
	BroadcastResult broadcast(String name, Object data, @Nullable String id, @Nullable Duration reconnectTime);

	/**
	 * Return the number of connected clients.
	 * @return the client count
	 */
	int getClientCount();

	/**
	 * Connect a new client over the given transport, and queue its opening frame. A
	 * controller that wants a stream of broadcast events returns
	 * {@link io.github.ssebroadcast.servlet.SseStreams#subscribe(SseBroadcaster)} instead.
	 * @param transport the client's connection
	 * @return the client, which the transport tells when it can take frames again and when
	 * it ended
	 * @throws SseSubscriptionRejectedException if the client limit is reached or the
	 * broadcaster is shutting down
	 */
	SseConnection connect(SseTransport transport);

}
