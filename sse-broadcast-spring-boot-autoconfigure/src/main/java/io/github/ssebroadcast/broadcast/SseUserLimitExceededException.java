package io.github.ssebroadcast.broadcast;

/**
 * Thrown when a user who already has as many streams open as one user may opens another.
 * The client should close one of its streams, or retry later.
 */
public class SseUserLimitExceededException extends SseSubscriptionRejectedException {

	private final int limit;

	/**
	 * Create the exception.
	 * @param user the user's name
	 * @param limit how many streams one user may have open
	 */
	public SseUserLimitExceededException(String user, int limit) {
		super("User '" + user + "' already has " + limit + " open streams, the most one user may have");
		this.limit = limit;
	}

	/**
	 * Return how many streams one user may have open.
	 * @return the limit
	 */
	public int getLimit() {
		return this.limit;
	}

}
