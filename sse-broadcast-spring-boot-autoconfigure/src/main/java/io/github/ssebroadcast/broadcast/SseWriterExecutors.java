package io.github.ssebroadcast.broadcast;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.util.Assert;

/**
 * Creates the executor that runs the clients' writers.
 * <p>A writer never blocks: it writes while its client's transport takes bytes and returns
 * otherwise. A few platform threads, one per CPU, therefore serve any number of clients,
 * however many of them stop reading; more runnable threads than CPUs would only compete for
 * them and cost a context switch per write.
 */
public final class SseWriterExecutors {

	/** Fewest writer threads by default. */
	static final int MIN_DEFAULT_THREADS = 2;

	private SseWriterExecutors() {
	}

	/**
	 * Return the default number of writer threads: one per CPU, and at least 2.
	 * @return the number of threads
	 */
	public static int defaultThreads() {
		return Math.max(MIN_DEFAULT_THREADS, Runtime.getRuntime().availableProcessors());
	}

	/**
	 * Create a writer executor of daemon threads, which end when idle.
	 * @param threads the number of threads
	 * @return the executor, owned by the caller, who shuts it down
	 */
	public static ExecutorService create(int threads) {
		Assert.isTrue(threads > 0, "'threads' must be positive");
		// a lock-free queue: every client's writer passes through it, and a
		// LinkedBlockingQueue would make its put lock one that all publishers share
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new LinkedTransferQueue<>(), new DaemonThreadFactory("sse-writer-"));
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	/**
	 * Names threads with a prefix and a number, and makes them daemons so that they never
	 * keep the JVM alive.
	 */
	static final class DaemonThreadFactory implements ThreadFactory {

		private final String prefix;

		private final AtomicInteger count = new AtomicInteger();

		DaemonThreadFactory(String prefix) {
			this.prefix = prefix;
		}

		@Override
		public Thread newThread(Runnable runnable) {
			Thread thread = new Thread(runnable, this.prefix + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
