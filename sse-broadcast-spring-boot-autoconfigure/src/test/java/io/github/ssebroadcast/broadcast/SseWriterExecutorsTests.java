package io.github.ssebroadcast.broadcast;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SseWriterExecutorsTests {

	@Test
	void defaultIsOneThreadPerCpuAndAtLeastTwo() {
		assertThat(SseWriterExecutors.defaultThreads())
			.isEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
	}

	@Test
	void writersRunOnNamedDaemonThreads() throws Exception {
		ExecutorService executor = SseWriterExecutors.create(2);
		try {
			Thread writer = executor.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
			assertThat(writer.isDaemon()).isTrue();
			assertThat(writer.getName()).startsWith("sse-writer-");
		}
		finally {
			executor.shutdown();
		}
		assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void rejectsNoThreads() {
		assertThatIllegalArgumentException().isThrownBy(() -> SseWriterExecutors.create(0))
			.withMessage("'threads' must be positive");
	}

}
