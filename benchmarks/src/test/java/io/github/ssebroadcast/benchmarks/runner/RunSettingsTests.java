package io.github.ssebroadcast.benchmarks.runner;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunSettingsTests {

	@Test
	void publishesTheTopicsGoalInBatchesOfTenInBothModes() {
		assertThat(RunSettings.quick().topicBatch()).isEqualTo(10);
		assertThat(RunSettings.full().topicBatch()).isEqualTo(10);
		assertThat(RunSettings.quick().topicBatchRequestRate()).isEqualTo(1000);
	}

	@Test
	void countsTheShorterLastBlockOfTopicsAsARequest() {
		// 1,000 topics in blocks of 7: 142 full blocks and one of 6
		RunSettings settings = RunSettings.quick().withTopicPublishing(50, 7);
		assertThat(settings.topicBatchRequestRate()).isEqualTo(1430);
	}

	@Test
	void changesOnlyTheTopicsPublishing() {
		RunSettings quick = RunSettings.quick();
		RunSettings settings = quick.withTopicPublishing(200, 20);
		assertThat(settings.topicConnections()).isEqualTo(200);
		assertThat(settings.topicBatch()).isEqualTo(20);
		assertThat(settings.withTopicPublishing(quick.topicConnections(), quick.topicBatch())).isEqualTo(quick);
	}

}
