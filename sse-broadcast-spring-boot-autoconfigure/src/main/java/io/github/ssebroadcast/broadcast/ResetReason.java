package io.github.ssebroadcast.broadcast;

/**
 * Why a client that resumes with a {@code Last-Event-ID} gets the reset event instead of the
 * events it missed; sent as the event's {@code reason}.
 */
public enum ResetReason {

	/**
	 * The id is not in this broadcaster's history: from before a restart, from another
	 * instance, made up, or a publisher's id whose event was trimmed (only the ids the
	 * broadcaster assigns keep their place once trimmed).
	 */
	UNKNOWN("unknown"),

	/**
	 * The id is one the broadcaster assigned, and events after it were trimmed from the
	 * history by its size or age bounds.
	 */
	EXPIRED("expired"),

	/** The client missed more events, or more bytes of them, than its queue may hold. */
	TOO_FAR_BEHIND("too-far-behind");

	private final String value;

	ResetReason(String value) {
		this.value = value;
	}

	/**
	 * Return the reason as sent to clients.
	 * @return the reason's text
	 */
	public String value() {
		return this.value;
	}

}
