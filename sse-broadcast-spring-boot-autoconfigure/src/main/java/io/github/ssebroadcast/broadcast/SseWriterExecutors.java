package io.github.ssebroadcast.broadcast;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.util.Assert;

/**
 * Creates the executor that runs the clients' writers.
 * <p>A writer blocks while the socket of a client that stopped reading is full, until the
 * container's write timeout. On Java 24 and later each writer runs on a virtual thread, so a
 * blocked writer costs almost nothing (earlier virtual threads pin their carrier inside
 * {@code synchronized} blocks, which servlet containers still have). On Java 17 to 23 writers
 * run on a bounded pool of platform threads that shrinks when idle.
 */
public final class SseWriterExecutors {

	/** First Java version whose virtual threads do not pin their carrier in monitors. */
	static final int VIRTUAL_THREADS_JAVA_VERSION = 24;

	private SseWriterExecutors() {
	}

	/**
	 * Create a writer executor for this Java version.
	 * @param platformThreads the maximum number of platform threads, when virtual threads
	 * are not used
	 * @return the executor, owned by the caller, who shuts it down
	 */
	public static ExecutorService create(int platformThreads) {
		if (Runtime.version().feature() >= VIRTUAL_THREADS_JAVA_VERSION) {
			ExecutorService virtual = virtualThreadPerTask();
			if (virtual != null) {
				return virtual;
			}
		}
		return platformThreadPool(platformThreads);
	}

	/**
	 * Create a bounded pool of daemon platform threads that shrinks when idle.
	 * @param threads the maximum number of threads
	 * @return the executor
	 */
	public static ExecutorService platformThreadPool(int threads) {
		Assert.isTrue(threads > 0, "'threads' must be positive");
		ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(), new DaemonThreadFactory("sse-writer-"));
		executor.allowCoreThreadTimeOut(true);
		return executor;
	}

	private static ExecutorService virtualThreadPerTask() {
		try {
			Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
			return (ExecutorService) factory.invoke(null);
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
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
