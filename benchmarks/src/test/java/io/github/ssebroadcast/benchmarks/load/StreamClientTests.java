package io.github.ssebroadcast.benchmarks.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamClientTests {

	@Test
	void readsTheReplayedCountOfAConnectedEvent() {
		assertThat(StreamClient.replayedCount("{\"clientId\":\"ab12\",\"serverTime\":\"2026-11-29T23:40:00Z\","
				+ "\"replayed\":500}")).isEqualTo(500);
		assertThat(StreamClient.replayedCount("{\"replayed\": 0}")).isZero();
	}

	@Test
	void readsNoReplayedCountWhenThereIsNone() {
		assertThat(StreamClient.replayedCount("{\"clientId\":\"ab12\",\"serverTime\":\"2026-11-29T23:40:00Z\"}"))
			.isEqualTo(-1);
		assertThat(StreamClient.replayedCount("{\"replayed\":null}")).isEqualTo(-1);
	}

}
