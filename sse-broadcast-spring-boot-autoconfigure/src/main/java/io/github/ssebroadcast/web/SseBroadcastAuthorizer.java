package io.github.ssebroadcast.web;

import java.security.Principal;

import io.github.ssebroadcast.broadcast.SseAudience;
import org.jspecify.annotations.Nullable;

/**
 * Decides what callers of the starter's endpoints may do: which topics a client of the
 * event stream may subscribe to, and what a caller of the JSON API may publish to. Define a
 * bean of this type to use it; without one, everything is allowed. A denial is a 403
 * problem naming the topic, before the stream starts or anything is sent.
 * <p>Decisions are made on the caller's principal, taken from the request on the thread
 * that received it: with Spring Security, it is the request's
 * {@code Authentication}, whose authorities hold its roles. A client of the stream gets
 * nothing but what it may subscribe to, replayed events included: the events of its
 * topics, the events sent to everyone, and the events sent to its own user.
 * <p>An authorizer that throws fails the request as a handler that throws does, through the
 * application's error handling, and nothing is sent.
 * <p>Java callers of the {@link io.github.ssebroadcast.broadcast.SseBroadcaster} are the
 * application itself, and are not asked about, nor are controllers of the application's own
 * that subscribe with {@link io.github.ssebroadcast.servlet.SseStreams}: they decide for
 * themselves.
 */
public interface SseBroadcastAuthorizer {

	/** Allows everything. */
	SseBroadcastAuthorizer ALLOW_ALL = new SseBroadcastAuthorizer() {
	};

	/**
	 * Decide whether a client of the event stream may subscribe to a topic, once for each
	 * topic it asks for.
	 * @param principal who asks, or {@code null} for an anonymous request
	 * @param topic a valid topic name
	 * @return whether it may
	 */
	default boolean canSubscribe(@Nullable Principal principal, String topic) {
		return true;
	}

	/**
	 * Decide whether a caller of the JSON API may publish an event to an audience: a topic,
	 * or everyone.
	 * @param principal who asks, or {@code null} for an anonymous request
	 * @param audience who the event would be for
	 * @return whether it may
	 */
	default boolean canPublish(@Nullable Principal principal, SseAudience audience) {
		return true;
	}

}
