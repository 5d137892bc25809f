package io.github.ssebroadcast.broadcast;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What a client asks for when it connects: the topics it subscribes to, besides the events
 * sent to everyone; the user whose request opened the stream, if authenticated; and the id
 * of the last event it received, to resume after it:
 * <pre class="code">
 * SseSubscription.broadcasts().withTopics(List.of("orders")).withUser(principal.getName()).resumingAfter(lastEventId)
 * </pre>
 *
 * @param topics the topics, each a {@link SseAudience#isValidTopic valid topic name}
 * @param user the name of the authenticated user who opened the stream, or {@code null}
 * for an anonymous stream, which never receives events sent to a user
 * @param lastEventId the id of the last event the client received, or {@code null} for a
 * client that starts afresh
 */
public record SseSubscription(Set<String> topics, @Nullable String user, @Nullable String lastEventId) {

	private static final SseSubscription BROADCASTS = new SseSubscription(Set.of(), null, null);

	public SseSubscription {
		Assert.notNull(topics, "'topics' must not be null");
		for (String topic : topics) {
			Assert.isTrue(SseAudience.isValidTopic(topic), () -> "Topic '" + topic + "' must be 1 to "
					+ SseAudience.MAX_TOPIC_LENGTH + " letters, digits or '_', '.', ':', '/', '-'");
		}
		topics = Set.copyOf(new LinkedHashSet<>(topics));
		user = (user != null && !user.isEmpty()) ? user : null;
		lastEventId = (lastEventId != null && !lastEventId.isEmpty()) ? lastEventId : null;
	}

	/**
	 * Return the subscription of an anonymous client to the events sent to everyone, from
	 * now on.
	 * @return the subscription
	 */
	public static SseSubscription broadcasts() {
		return BROADCASTS;
	}

	/**
	 * Return this subscription with the given topics instead of its own.
	 * @param topics the topics
	 * @return the subscription
	 */
	public SseSubscription withTopics(Collection<String> topics) {
		return new SseSubscription(new LinkedHashSet<>(topics), this.user, this.lastEventId);
	}

	/**
	 * Return this subscription for the streams of the given user.
	 * @param user the authenticated user's name, or {@code null} for an anonymous stream
	 * @return the subscription
	 */
	public SseSubscription withUser(@Nullable String user) {
		return new SseSubscription(this.topics, user, this.lastEventId);
	}

	/**
	 * Return this subscription resuming after the given event.
	 * @param lastEventId the id of the last event the client received, or {@code null}
	 * @return the subscription
	 */
	public SseSubscription resumingAfter(@Nullable String lastEventId) {
		return new SseSubscription(this.topics, this.user, lastEventId);
	}

	/**
	 * Whether a client with this subscription receives events for the given audience.
	 * @param audience the audience
	 * @return whether it receives them
	 */
	public boolean includes(SseAudience audience) {
		return switch (audience.getKind()) {
			case EVERYONE -> true;
			case TOPIC -> this.topics.contains(audience.getName());
			case USER -> this.user != null && this.user.equals(audience.getName());
		};
	}

}
