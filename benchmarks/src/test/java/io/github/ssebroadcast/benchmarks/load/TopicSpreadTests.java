package io.github.ssebroadcast.benchmarks.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopicSpreadTests {

	private final TopicSpread spread = new TopicSpread("t-", 4);

	@Test
	void spreadsEventsAndClientsRoundRobin() {
		assertThat(this.spread.name(3)).isEqualTo("t-3");
		assertThat(this.spread.topicOfEvent(0)).isZero();
		assertThat(this.spread.topicOfEvent(9)).isEqualTo(1);
		assertThat(this.spread.topicOfClient(7)).isEqualTo(3);
	}

	@Test
	void countsTheEventsOfATopicInARangeAsPublishingThemWould() {
		for (int topic = 0; topic < 4; topic++) {
			for (long from = 0; from < 12; from++) {
				for (long to = from; to < 14; to++) {
					long expected = 0;
					for (long seq = from; seq < to; seq++) {
						if (this.spread.topicOfEvent(seq) == topic) {
							expected++;
						}
					}
					assertThat(this.spread.eventsFor(topic, from, to)).as("topic %d in [%d, %d)", topic, from, to)
						.isEqualTo(expected);
				}
			}
		}
		assertThat(this.spread.eventsFor(2, 10, 5)).isZero();
	}

	@Test
	void needsAtLeastOneTopic() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TopicSpread("t-", 0));
	}

}
