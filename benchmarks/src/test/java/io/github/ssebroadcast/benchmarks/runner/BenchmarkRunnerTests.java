package io.github.ssebroadcast.benchmarks.runner;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BenchmarkRunnerTests {

	@Test
	void runsEveryScenarioButTheRelayUnlessTold() {
		assertThat(BenchmarkRunner.defaultScenarios()).containsExactly("latency", "peak", "shutdown", "scale", "topics",
				"replay");
	}

	@Test
	void runsTheRelayWhenNamed() {
		assertThat(BenchmarkRunner.scenarios("relay")).containsExactly("relay");
	}

	@Test
	void runsTheScenariosNamedInTheirOwnOrder() {
		assertThat(BenchmarkRunner.scenarios("relay,peak,latency")).containsExactly("latency", "peak", "relay");
	}

	@Test
	void refusesToRunNoScenario() {
		assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkRunner.scenarios("nothing"))
			.withMessageContaining("relay");
	}

}
