package io.github.ssebroadcast.benchmarks.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientDeliveriesTests {

	@Test
	void countsDistinctDeliveriesInARange() {
		ClientDeliveries deliveries = new ClientDeliveries(1);
		for (long seq : new long[] { 0, 1, 2, 4, 5, 9 }) {
			deliveries.record(seq);
		}
		assertThat(deliveries.receivedBetween(0, 10)).isEqualTo(6);
		assertThat(deliveries.receivedBetween(3, 6)).isEqualTo(2);
		assertThat(deliveries.receivedBetween(6, 9)).isZero();
		assertThat(deliveries.receivedBetween(5, 5)).isZero();
	}

	@Test
	void countsDuplicatesOnceAndNotAsDeliveries() {
		ClientDeliveries deliveries = new ClientDeliveries(1);
		deliveries.record(0);
		deliveries.record(1);
		deliveries.record(1);
		deliveries.record(0);
		assertThat(deliveries.duplicates()).isEqualTo(2);
		assertThat(deliveries.total()).isEqualTo(4);
		assertThat(deliveries.receivedBetween(0, 2)).isEqualTo(2);
		assertThat(deliveries.outOfOrder()).isZero();
	}

	@Test
	void checksOrderWithinEachPublishingLaneOnly() {
		ClientDeliveries deliveries = new ClientDeliveries(2);
		// lanes 0 (even) and 1 (odd) interleave freely; within a lane order must hold
		for (long seq : new long[] { 1, 0, 3, 2, 5, 4 }) {
			deliveries.record(seq);
		}
		assertThat(deliveries.outOfOrder()).isZero();
		deliveries.record(10);
		deliveries.record(8);
		assertThat(deliveries.outOfOrder()).isEqualTo(1);
	}

	@Test
	void tellsWhetherAnEventIsNew() {
		ClientDeliveries deliveries = new ClientDeliveries(1);
		assertThat(deliveries.record(3)).isTrue();
		assertThat(deliveries.record(3)).isFalse();
	}

	@Test
	void countsTheDeliveriesOfOneTopicInARange() {
		ClientDeliveries deliveries = new ClientDeliveries(1);
		// a client of topic 2 of 5, which also got 4 and 11, of other topics
		for (long seq : new long[] { 2, 4, 7, 11, 12, 22 }) {
			deliveries.record(seq);
		}
		assertThat(deliveries.receivedBetween(0, 30, 5, 2)).isEqualTo(4);
		assertThat(deliveries.receivedBetween(3, 22, 5, 2)).isEqualTo(2);
		assertThat(deliveries.receivedBetween(0, 30, 5, 4)).isEqualTo(1);
		assertThat(deliveries.receivedBetween(0, 30, 5, 3)).isZero();
	}

	@Test
	void tellsWhenAWatchedRangeIsComplete() {
		ClientDeliveries deliveries = new ClientDeliveries(1);
		assertThat(deliveries.hasWatchedRange()).isTrue();
		deliveries.record(10);
		deliveries.watch(10, 14);
		assertThat(deliveries.hasWatchedRange()).isFalse();
		deliveries.record(11);
		deliveries.record(11);
		deliveries.record(14);
		deliveries.record(13);
		assertThat(deliveries.hasWatchedRange()).isFalse();
		deliveries.record(12);
		assertThat(deliveries.hasWatchedRange()).isTrue();
		deliveries.watch(20, 20);
		assertThat(deliveries.hasWatchedRange()).isTrue();
	}

}
