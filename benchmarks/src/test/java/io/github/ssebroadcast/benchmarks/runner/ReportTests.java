package io.github.ssebroadcast.benchmarks.runner;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.ssebroadcast.benchmarks.runner.SystemResults.Figure;
import io.github.ssebroadcast.benchmarks.runner.SystemResults.TopicStep;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	private static final Machine MACHINE = new Machine("2 CPUs", "4 GiB", "Java 17", "0.50", "20000");

	@Test
	void reportsTheTopicsGoalInBatchesInRowsOfItsOwn() {
		SystemResults starter = new SystemResults(SystemUnderTest.STARTER);
		starter.put(Figure.TOPICS_PUBLISH_RATE, 6000);
		starter.put(Figure.TOPICS_BATCH_PUBLISH_RATE, 9990);
		starter.topicSteps.add(new TopicStep(10_000, BenchmarkRunner.NO_BATCH, 6000, 60_000, 800, 2500, 2700, 0, 1.4,
				0.5, 0));
		starter.topicSteps.add(new TopicStep(10_000, 10, 9990, 99_900, 2, 30, 45, 0, 1.2, 0.5, 0));
		String markdown = new Report(RunSettings.quick(), List.of(starter), MACHINE, MACHINE, Duration.ofSeconds(60),
				"--quick").markdown();
		assertThat(markdown)
			.contains("| topics | topic publishes/s the server answered when asked for 10,000/s (goal 10,000) ↑ | 6,000 |")
			.contains("| topics | topic publishes/s the server answered when asked for 10,000/s in batches (goal 10,000) "
					+ "↑ | 9,990 |")
			.contains("| 10,000 | 6,000 | 60,000 |")
			.contains("| 10,000 in batches of 10 | 9,990 | 99,900 |")
			.contains("in batches of 10 events a request (`POST /api/broadcast/batch`, 1,000 requests/s)");
	}

}
