package io.github.ssebroadcast.web;

import org.jspecify.annotations.Nullable;

/**
 * A request that the {@link SseBroadcastAuthorizer} denies, answered with a 403 problem
 * naming the topic, before the stream starts or anything is sent.
 */
public class SseAccessDeniedException extends RuntimeException {

	@Nullable
	private final String topic;

	/**
	 * Create the exception.
	 * @param topic the topic denied, or {@code null} when publishing to everyone is
	 * @param detail what is denied, in the request's terms
	 */
	public SseAccessDeniedException(@Nullable String topic, String detail) {
		super(detail);
		this.topic = topic;
	}

	/**
	 * Return the topic denied.
	 * @return the topic, or {@code null} when publishing to everyone is denied
	 */
	@Nullable
	public String getTopic() {
		return this.topic;
	}

}
