package io.github.ssebroadcast.broadcast;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SseWriterExecutorsTests {

	@Test
	void elasticPoolAddsThreadsWhileWritersAreBlocked() throws InterruptedException {
		ExecutorService pool = SseWriterExecutors.elasticPlatformThreadPool(1, 3);
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch ran = new CountDownLatch(1);
		try {
			// the only base thread blocks, as a write to a client that stopped reading does
			pool.execute(() -> awaitQuietly(release));
			pool.execute(ran::countDown);
			assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
			assertThat(((ThreadPoolExecutor) pool).getCorePoolSize()).isBetween(2, 3);
		}
		finally {
			release.countDown();
			pool.shutdown();
		}
		assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void elasticPoolStartsWithTheBaseSize() {
		ThreadPoolExecutor pool = (ThreadPoolExecutor) SseWriterExecutors.elasticPlatformThreadPool(2, 8);
		try {
			assertThat(pool.getCorePoolSize()).isEqualTo(2);
			assertThat(pool.getMaximumPoolSize()).isEqualTo(8);
		}
		finally {
			pool.shutdown();
		}
	}

	@Test
	void elasticPoolForgetsThreadsThatEnd() throws Exception {
		SseWriterExecutors.ElasticThreadPool pool = new SseWriterExecutors.ElasticThreadPool(1, 2);
		Thread writer = pool.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
		assertThat(pool.threads()).containsExactly(writer);
		pool.shutdown();
		assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		writer.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(writer.isAlive()).isFalse();
		assertThat(pool.threads()).isEmpty();
	}

	@Test
	void elasticPoolRejectsAMaximumBelowTheBase() {
		assertThatIllegalArgumentException().isThrownBy(() -> SseWriterExecutors.elasticPlatformThreadPool(4, 2))
			.withMessage("'maxThreads' must not be less than 'baseThreads'");
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
