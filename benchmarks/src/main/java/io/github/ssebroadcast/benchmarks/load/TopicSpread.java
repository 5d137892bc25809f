package io.github.ssebroadcast.benchmarks.load;

/**
 * How a scenario spreads events and clients over topics: topic {@code i} is named
 * {@code <prefix><i>}, the event with sequence number {@code seq} is published to topic
 * {@code seq % topics}, and client {@code n} subscribes to topic {@code n % topics}. Every
 * topic then has the same number of subscribers and gets every {@code topics}-th event, and
 * which events a client must receive follows from its topic alone.
 *
 * @param prefix the start of every topic's name
 * @param topics how many topics there are
 */
public record TopicSpread(String prefix, int topics) {

	public TopicSpread {
		if (topics <= 0) {
			throw new IllegalArgumentException("topics must be positive");
		}
	}

	/**
	 * Return the name of a topic.
	 * @param topic the topic's index
	 * @return its name
	 */
	public String name(int topic) {
		return this.prefix + topic;
	}

	/**
	 * Return the topic an event is published to.
	 * @param seq the event's sequence number
	 * @return the topic's index
	 */
	public int topicOfEvent(long seq) {
		return (int) (seq % this.topics);
	}

	/**
	 * Return the topic a client subscribes to.
	 * @param client the client's index among the scenario's clients
	 * @return the topic's index
	 */
	public int topicOfClient(int client) {
		return client % this.topics;
	}

	/**
	 * Return how many events of a range of sequence numbers are published to a topic.
	 * @param topic the topic's index
	 * @param fromSeq first sequence number, inclusive
	 * @param toSeq last sequence number, exclusive
	 * @return the count
	 */
	public long eventsFor(int topic, long fromSeq, long toSeq) {
		return (toSeq <= fromSeq) ? 0 : eventsBelow(topic, toSeq) - eventsBelow(topic, fromSeq);
	}

	/** How many of the sequence numbers {@code 0} to {@code seq - 1} go to the topic. */
	private long eventsBelow(int topic, long seq) {
		return (seq <= topic) ? 0 : (seq - topic - 1) / this.topics + 1;
	}

}
