package io.github.ssebroadcast.benchmarks.load;

import java.util.BitSet;

/**
 * What one client received: which sequence numbers, how many twice, how many out of order.
 * Only the thread that reads the client's socket updates it.
 * <p>Order is only defined among the events of one publishing connection, so it is checked
 * per lane: the publisher sends sequence number {@code seq} on connection
 * {@code seq % lanes}.
 */
public final class ClientDeliveries {

	private final BitSet received = new BitSet();

	private final long[] maxSeq;

	private long duplicates;

	private long outOfOrder;

	private long total;

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
	 */
	public void record(long seq) {
		int bit = Math.toIntExact(seq);
		this.total++;
		if (this.received.get(bit)) {
			this.duplicates++;
			return;
		}
		this.received.set(bit);
		int lane = (int) (seq % this.maxSeq.length);
		if (seq < this.maxSeq[lane]) {
			this.outOfOrder++;
		}
		else {
			this.maxSeq[lane] = seq;
		}
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
