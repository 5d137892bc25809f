package io.github.ssebroadcast.event;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

/**
 * An immutable Server-Sent Event, named as {@code SseEmitter.event()} names its fields.
 * <p>The builder rejects values that would break the stream's framing: an event name
 * that is not a plain token, and any CR, LF or NUL in the name or the id. Data may span
 * several lines; the encoder writes one {@code data:} line per line.
 *
 * @see SseEventEncoder
 */
public final class SseEvent {

	/** Longest accepted event name. */
	public static final int MAX_NAME_LENGTH = 128;

	/**
	 * Longest event id, in characters: a browser sends the id back in a
	 * {@code Last-Event-ID} header when it reconnects, and a longer one could pass the
	 * server's header limit and stop it from ever reconnecting.
	 */
	public static final int MAX_ID_LENGTH = 256;

	@Nullable
	private final String id;

	@Nullable
	private final String name;

	@Nullable
	private final Duration reconnectTime;

	@Nullable
	private final String data;

	@Nullable
	private final String comment;

	private SseEvent(Builder builder) {
		this.id = builder.id;
		this.name = builder.name;
		this.reconnectTime = builder.reconnectTime;
		this.data = builder.data;
		this.comment = builder.comment;
	}

	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Shortcut for an event with a name and text data.
	 * @param name the event name
	 * @param data the data, sent as is
	 * @return the event
	 */
	public static SseEvent of(String name, String data) {
		return builder().name(name).data(data).build();
	}

	/**
	 * Return a copy of this event with the given id.
	 * @param id the id
	 * @return the event with that id
	 */
	public SseEvent withId(String id) {
		Builder builder = builder().id(id).name(this.name).reconnectTime(this.reconnectTime).data(this.data);
		return builder.comment(this.comment).build();
	}

	@Nullable
	public String getId() {
		return this.id;
	}

	@Nullable
	public String getName() {
		return this.name;
	}

	@Nullable
	public Duration getReconnectTime() {
		return this.reconnectTime;
	}

	@Nullable
	public String getData() {
		return this.data;
	}

	@Nullable
	public String getComment() {
		return this.comment;
	}

	@Override
	public String toString() {
		return "SseEvent[id=" + this.id + ", name=" + this.name + ", reconnectTime=" + this.reconnectTime
				+ ", data=" + this.data + ", comment=" + this.comment + "]";
	}

	/**
	 * Whether the given text is a valid event name: 1 to {@value #MAX_NAME_LENGTH} letters,
	 * digits or {@code _ . : -}.
	 * @param name the candidate name
	 * @return whether it may be used as an event name
	 */
	public static boolean isValidName(@Nullable String name) {
		if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
					|| c == '.' || c == ':' || c == '-';
			if (!token) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether the given text is a valid event id: at most {@value #MAX_ID_LENGTH}
	 * characters, no CR, LF or NUL.
	 * @param id the candidate id
	 * @return whether it may be used as an event id
	 */
	public static boolean isValidId(@Nullable String id) {
		return id != null && id.codePointCount(0, id.length()) <= MAX_ID_LENGTH && !containsLineBreakOrNul(id);
	}

	static boolean containsLineBreakOrNul(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\r' || c == '\n' || c == '\0') {
				return true;
			}
		}
		return false;
	}

	/**
	 * Builder for {@link SseEvent}; validates each field as it is set.
	 */
	public static final class Builder {

		@Nullable
		private String id;

		@Nullable
		private String name;

		@Nullable
		private Duration reconnectTime;

		@Nullable
		private String data;

		@Nullable
		private String comment;

		private Builder() {
		}

		/**
		 * Set the event id ({@code id:} field).
		 * @param id the id, without CR, LF or NUL
		 * @return this builder
		 */
		public Builder id(@Nullable String id) {
			Assert.isTrue(id == null || isValidId(id),
					() -> "'id' must be at most " + MAX_ID_LENGTH + " characters, with no CR, LF or NUL");
			this.id = id;
			return this;
		}

		/**
		 * Set the event name ({@code event:} field).
		 * @param name the name, a plain token (letters, digits, {@code _ . : -})
		 * @return this builder
		 */
		public Builder name(@Nullable String name) {
			Assert.isTrue(name == null || isValidName(name),
					() -> "'name' must be 1 to " + MAX_NAME_LENGTH + " letters, digits or '_', '.', ':', '-'");
			this.name = name;
			return this;
		}

		/**
		 * Set the reconnect time the client should use ({@code retry:} field).
		 * @param reconnectTime the reconnect time, not negative
		 * @return this builder
		 */
		public Builder reconnectTime(@Nullable Duration reconnectTime) {
			Assert.isTrue(reconnectTime == null || !reconnectTime.isNegative(), "'reconnectTime' must not be negative");
			this.reconnectTime = reconnectTime;
			return this;
		}

		/**
		 * Set the reconnect time in milliseconds ({@code retry:} field).
		 * @param reconnectTimeMillis the reconnect time in milliseconds, not negative
		 * @return this builder
		 */
		public Builder reconnectTime(long reconnectTimeMillis) {
			return reconnectTime(Duration.ofMillis(reconnectTimeMillis));
		}

		/**
		 * Set the data, sent as is; line breaks split it into several {@code data:} lines.
		 * @param data the data
		 * @return this builder
		 */
		public Builder data(@Nullable String data) {
			this.data = data;
			return this;
		}

		/**
		 * Set a comment; line breaks split it into several comment lines.
		 * @param comment the comment
		 * @return this builder
		 */
		public Builder comment(@Nullable String comment) {
			this.comment = comment;
			return this;
		}

		public SseEvent build() {
			return new SseEvent(this);
		}

	}

}
