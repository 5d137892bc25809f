package io.github.ssebroadcast.broadcast;

import java.time.Duration;

import io.github.ssebroadcast.event.SseEvent;

import org.jspecify.annotations.Nullable;

/**
 * Sends events to connected Server-Sent Events clients: to everyone, to the subscribers of a
 * topic, or to the streams of one user.
 * <p>All methods may be called from any thread, inside or outside a request: controllers,
 * {@code @Scheduled} jobs, message listeners. Sending never waits for a client: each event
 * is encoded once and queued for every client it is for, and each client's own writer sends
 * it. Every client receives events in the one order they were sent in. With a relay between
 * instances ({@link SseRelay}), every method may throw {@link SseRelayException} when the
 * relay cannot take the event.
 */
public interface SseBroadcaster {

	/**
	 * Send an event to an audience.
	 * @param audience who the event is for
	 * @param event the event
	 * @return how many clients the event was queued for; with a relay between instances,
	 * how many of this instance's clients it is for
	 * @throws SseRelayException if a relay between instances cannot take the event
	 */
	BroadcastResult send(SseAudience audience, SseEvent event);

	/**
	 * Send an event with a name, data, an optional id and an optional reconnect time to an
	 * audience.
	 * @param audience who the event is for
	 * @param name the event name, a plain token
	 * @param data a {@link String} sent as is, or any object, serialized once to JSON
	 * @param id the event id, or {@code null}
	 * @param reconnectTime the reconnect time clients should use, or {@code null}
	 * @return how many clients the event was queued for
	 */
	BroadcastResult send(SseAudience audience, String name, Object data, @Nullable String id,
			@Nullable Duration reconnectTime);

	/**
	 * Broadcast an event to every client.
	 * @param event the event
	 * @return how many clients the event was queued for
	 */
	default BroadcastResult broadcast(SseEvent event) {
		return send(SseAudience.everyone(), event);
	}

	/**
	 * Broadcast an event with a name and data to every client.
	 * @param name the event name, a plain token
	 * @param data a {@link String} sent as is, or any object, serialized once to JSON
	 * @return how many clients the event was queued for
	 */
	default BroadcastResult broadcast(String name, Object data) {
		return broadcast(name, data, null, null);
	}

	/**
	 * Broadcast an event with a name, data, an optional id and an optional reconnect time
	 * to every client.
	 * @param name the event name, a plain token
	 * @param data a {@link String} sent as is, or any object, serialized once to JSON
	 * @param id the event id, or {@code null}
	 * @param reconnectTime the reconnect time clients should use, or {@code null}
	 * @return how many clients the event was queued for
	 */
	default BroadcastResult broadcast(String name, Object data, @Nullable String id,
			@Nullable Duration reconnectTime) {
		return send(SseAudience.everyone(), name, data, id, reconnectTime);
	}

	/**
	 * Publish an event to the clients subscribed to a topic.
	 * @param topic the topic
	 * @param event the event
	 * @return how many clients the event was queued for
	 */
	default BroadcastResult publish(String topic, SseEvent event) {
		return send(SseAudience.topic(topic), event);
	}

	/**
	 * Publish an event with a name and data to the clients subscribed to a topic.
	 * @param topic the topic
	 * @param name the event name, a plain token
	 * @param data a {@link String} sent as is, or any object, serialized once to JSON
	 * @return how many clients the event was queued for
	 */
	default BroadcastResult publish(String topic, String name, Object data) {
		return publish(topic, name, data, null, null);
	}

	/**
	 * Publish an event with a name, data, an optional id and an optional reconnect time to
	 * the clients subscribed to a topic.
	 * @param topic the topic
	 * @param name the event name, a plain token
	 * @param data a {@link String} sent as is, or any object, serialized once to JSON
	 * @param id the event id, or {@code null}
	 * @param reconnectTime the reconnect time clients should use, or {@code null}
	 * @return how many clients the event was queued for
	 */
	default BroadcastResult publish(String topic, String name, Object data, @Nullable String id,
			@Nullable Duration reconnectTime) {
		return send(SseAudience.topic(topic), name, data, id, reconnectTime);
	}

	/**
	 * Send an event to every stream of a user.
	 * @param user the name of the user, as the request's principal names it
	 * @param event the event
	 * @return how many clients the event was queued for
	 */
	default BroadcastResult sendToUser(String user, SseEvent event) {
		return send(SseAudience.user(user), event);
	}

	/**
	 * Send an event with a name and data to every stream of a user.
	 * @param user the name of the user, as the request's principal names it
	 * @param name the event name, a plain token
	 * @param data a {@link String} sent as is, or any object, serialized once to JSON
	 * @return how many clients the event was queued for
	 */
	default BroadcastResult sendToUser(String user, String name, Object data) {
		return sendToUser(user, name, data, null, null);
	}

	/**
	 * Send an event with a name, data, an optional id and an optional reconnect time to
	 * every stream of a user.
	 * @param user the name of the user, as the request's principal names it
	 * @param name the event name, a plain token
	 * @param data a {@link String} sent as is, or any object, serialized once to JSON
	 * @param id the event id, or {@code null}
	 * @param reconnectTime the reconnect time clients should use, or {@code null}
	 * @return how many clients the event was queued for
	 */
	default BroadcastResult sendToUser(String user, String name, Object data, @Nullable String id,
			@Nullable Duration reconnectTime) {
		return send(SseAudience.user(user), name, data, id, reconnectTime);
	}

	/**
	 * Return the number of connected clients.
	 * @return the client count
	 */
	int getClientCount();

	/**
	 * Connect a new anonymous client, which receives the events sent to everyone from now
	 * on, over the given transport, and queue its opening frame.
	 * @param transport the client's connection
	 * @return the client, which the transport tells when it can take frames again and when
	 * it ended
	 * @throws SseSubscriptionRejectedException if the client limit is reached or the
	 * broadcaster is shutting down
	 */
	default SseConnection connect(SseTransport transport) {
		return connect(transport, SseSubscription.broadcasts());
	}

	/**
	 * Connect a new client over the given transport, and queue its opening frame, followed,
	 * for a client that resumes, by the events it missed or by a reset event. A controller
	 * that wants a stream of broadcast events returns
	 * {@link io.github.ssebroadcast.servlet.SseStreams#subscribe(SseBroadcaster, SseSubscription)}
	 * instead.
	 * @param transport the client's connection
	 * @param subscription what the client receives, and where it resumes
	 * @return the client, which the transport tells when it can take frames again and when
	 * it ended
	 * @throws SseSubscriptionRejectedException if the client limit is reached or the
	 * broadcaster is shutting down
	 */
	SseConnection connect(SseTransport transport, SseSubscription subscription);

}
