package io.github.ssebroadcast.benchmarks.load;

import java.util.BitSet;

/**
 * What one client received: which sequence numbers, how many twice, how many out of order.
 * Only the thread that reads the client's socket updates it, over all the connections the
 * client opens, so that a client that resumes is held to the same account.
 * <p>Order is only defined among the events of one publishing connection, so it is checked
 * per lane: the publisher sends sequence number {@code seq} on connection
 * {@code seq % lanes}. In batches to topics it sends all the events of a topic on one
 * connection instead: a stream of one topic must then get them all in order, and so those
 * of each lane.
 * <p>A range of sequence numbers can be watched, to tell when the client has all of it: the
 * events a client missed while it was away, say.
 */
public final class ClientDeliveries {

	private final BitSet received = new BitSet();

	private final long[] maxSeq;

	private long duplicates;

	private long outOfOrder;

	private long total;

	private long watchedFrom;

	private long watchedTo;

	private long watchedMissing;

	/**
	 * Create the record of one client.
	 * @param lanes how many publishing connections the events come through
	 */
	public ClientDeliveries(int lanes) {
		this.maxSeq = new long[lanes];
		java.util.Arrays.fill(this.maxSeq, -1);
	}

	/**
	 * Record that an event arrived.
	 * @param seq its sequence number
	 * @return whether it is new, not a duplicate
	 */
	public boolean record(long seq) {
		int bit = Math.toIntExact(seq);
		this.total++;
		if (this.received.get(bit)) {
			this.duplicates++;
			return false;
		}
		this.received.set(bit);
		if (seq >= this.watchedFrom && seq < this.watchedTo) {
			this.watchedMissing--;
		}
		int lane = (int) (seq % this.maxSeq.length);
		if (seq < this.maxSeq[lane]) {
			this.outOfOrder++;
		}
		else {
			this.maxSeq[lane] = seq;
		}
		return true;
	}

	/**
	 * Return how many distinct events of the given range arrived.
	 * @param fromSeq first sequence number, inclusive
	 * @param toSeq last sequence number, exclusive
	 * @return the count
	 */
	public int receivedBetween(long fromSeq, long toSeq) {
		if (toSeq <= fromSeq) {
			return 0;
		}
		return this.received.get(Math.toIntExact(fromSeq), Math.toIntExact(toSeq)).cardinality();
	}

	/**
	 * Return how many distinct events of the given range arrived whose sequence number is
	 * {@code residue} modulo {@code stride}: those of one topic, when events are spread over
	 * topics by sequence number.
	 * @param fromSeq first sequence number, inclusive
	 * @param toSeq last sequence number, exclusive
	 * @param stride the modulus
	 * @param residue the remainder the counted sequence numbers leave
	 * @return the count
	 */
	public int receivedBetween(long fromSeq, long toSeq, int stride, int residue) {
		int count = 0;
		int to = Math.toIntExact(toSeq);
		for (int bit = this.received.nextSetBit(Math.toIntExact(fromSeq)); bit >= 0 && bit < to;
				bit = this.received.nextSetBit(bit + 1)) {
			if (bit % stride == residue) {
				count++;
			}
		}
		return count;
	}

	/**
	 * Watch a range of sequence numbers, replacing any range watched before, to tell when
	 * every event of it has arrived.
	 * @param fromSeq first sequence number, inclusive
	 * @param toSeq last sequence number, exclusive
	 */
	public void watch(long fromSeq, long toSeq) {
		this.watchedFrom = fromSeq;
		this.watchedTo = Math.max(fromSeq, toSeq);
		this.watchedMissing = (this.watchedTo - fromSeq) - receivedBetween(fromSeq, this.watchedTo);
	}

	/**
	 * Whether every event of the watched range has arrived; with no range watched, it has.
	 * @return whether the range is complete
	 */
	public boolean hasWatchedRange() {
		return this.watchedMissing == 0;
	}

	/**
	 * Return how many events arrived again after they had arrived once.
	 * @return the count
	 */
	public long duplicates() {
		return this.duplicates;
	}

	/**
	 * Return how many events arrived after an event with a higher sequence number.
	 * @return the count
	 */
	public long outOfOrder() {
		return this.outOfOrder;
	}

	/**
	 * Return how many events arrived, duplicates included.
	 * @return the count
	 */
	public long total() {
		return this.total;
	}

}
