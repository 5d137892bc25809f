package io.github.ssebroadcast.broadcast;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Who an event is for: every client, the subscribers of one topic, or the streams of one
 * user.
 * <p>A client receives the events sent to everyone, the events published to any topic it
 * subscribed to, and the events sent to the user whose request opened its stream.
 */
public final class SseAudience {

	/** Longest topic name, in characters. */
	public static final int MAX_TOPIC_LENGTH = 128;

	private static final SseAudience EVERYONE = new SseAudience(Kind.EVERYONE, null);

	private final Kind kind;

	@Nullable
	private final String name;

	private SseAudience(Kind kind, @Nullable String name) {
		this.kind = kind;
		this.name = name;
	}

	/**
	 * Return the audience of every connected client.
	 * @return the audience
	 */
	public static SseAudience everyone() {
		return EVERYONE;
	}

	/**
	 * Return the audience of the clients subscribed to a topic.
	 * @param topic the topic, a {@link #isValidTopic valid topic name}
	 * @return the audience
	 */
	public static SseAudience topic(String topic) {
		Assert.isTrue(isValidTopic(topic), () -> "'topic' must be 1 to " + MAX_TOPIC_LENGTH
				+ " letters, digits or '_', '.', ':', '/', '-'");
		return new SseAudience(Kind.TOPIC, topic);
	}

	/**
	 * Return the audience of every stream opened by the authenticated user with the given
	 * name, as the request's principal named it.
	 * @param user the user's name
	 * @return the audience
	 */
	public static SseAudience user(String user) {
		Assert.hasLength(user, "'user' must not be empty");
		return new SseAudience(Kind.USER, user);
	}

	/**
	 * Whether the given text is a valid topic name: 1 to {@value #MAX_TOPIC_LENGTH} ASCII
	 * letters, digits or {@code _ . : / -}.
	 * @param topic the candidate name
	 * @return whether it may name a topic
	 */
	public static boolean isValidTopic(@Nullable String topic) {
		if (topic == null || topic.isEmpty() || topic.length() > MAX_TOPIC_LENGTH) {
			return false;
		}
		for (int i = 0; i < topic.length(); i++) {
			char c = topic.charAt(i);
			boolean valid = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
					|| c == '.' || c == ':' || c == '/' || c == '-';
			if (!valid) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return what kind of audience this is.
	 * @return the kind
	 */
	public Kind getKind() {
		return this.kind;
	}

	/**
	 * Return the topic or the user's name, or {@code null} for everyone.
	 * @return the name
	 */
	@Nullable
	public String getName() {
		return this.name;
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return (other instanceof SseAudience that) && this.kind == that.kind
				&& Objects.equals(this.name, that.name);
	}

	@Override
	public int hashCode() {
		return 31 * this.kind.hashCode() + ((this.name != null) ? this.name.hashCode() : 0);
	}

	@Override
	public String toString() {
		return (this.kind == Kind.EVERYONE) ? "everyone" : this.kind.name().toLowerCase() + " '" + this.name + "'";
	}

	/**
	 * The kinds of audience.
	 */
	public enum Kind {

		/** Every connected client. */
		EVERYONE,

		/** The subscribers of a topic. */
		TOPIC,

		/** The streams of one user. */
		USER

	}

}
