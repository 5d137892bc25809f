package io.github.ssebroadcast.broadcast;

import java.lang.reflect.Method;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ScheduledExecutorService;
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
 * run on an elastic pool of platform threads: one per CPU while writers keep up, more, up to
 * a maximum, only while some are blocked on clients that stopped reading; it shrinks when idle.
 * A large pool of runnable writers would compete for the CPUs with everything else on the
 * machine and cost a context switch per write.
 */
public final class SseWriterExecutors {

	/** First Java version whose virtual threads do not pin their carrier in monitors. */
	static final int VIRTUAL_THREADS_JAVA_VERSION = 24;

	/** Platform writer threads per CPU while no writer is blocked. */
	static final int BASE_THREADS_PER_CPU = 1;

	/** Fewest platform writer threads while no writer is blocked. */
	static final int MIN_BASE_THREADS = 2;

	/** How often the elastic pool looks for blocked writers. */
	static final long ELASTIC_CHECK_MILLIS = 50;

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
		int base = Math.min(platformThreads,
				Math.max(MIN_BASE_THREADS, BASE_THREADS_PER_CPU * Runtime.getRuntime().availableProcessors()));
		return elasticPlatformThreadPool(base, platformThreads);
	}

	/**
	 * Create a pool of daemon platform threads that runs writers on {@code baseThreads}
	 * threads, and adds threads, up to {@code maxThreads}, while writers are waiting to run
	 * and some threads are blocked rather than running, as a write to a client that stopped
	 * reading blocks. Threads above the base size end when idle.
	 * @param baseThreads how many threads run writers while none is blocked
	 * @param maxThreads the maximum number of threads
	 * @return the executor
	 */
	public static ExecutorService elasticPlatformThreadPool(int baseThreads, int maxThreads) {
		Assert.isTrue(baseThreads > 0, "'baseThreads' must be positive");
		Assert.isTrue(maxThreads >= baseThreads, "'maxThreads' must not be less than 'baseThreads'");
		return new ElasticThreadPool(baseThreads, maxThreads);
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
	 * A pool that grows past its base size only while writers wait and some of its threads
	 * are blocked, not when all are busy: more runnable threads than CPUs would not write
	 * faster.
	 */
	static final class ElasticThreadPool extends ThreadPoolExecutor {

		private final int baseThreads;

		private final int maxThreads;

		private final Set<WriterThread> threads;

		private final ScheduledExecutorService monitor;

		ElasticThreadPool(int baseThreads, int maxThreads) {
			this(baseThreads, maxThreads, new WriterThreadFactory());
		}

		private ElasticThreadPool(int baseThreads, int maxThreads, WriterThreadFactory threadFactory) {
			// a lock-free queue: every client's writer passes through it, and a
			// LinkedBlockingQueue would make its put lock one that all publishers share
			super(baseThreads, maxThreads, 30, TimeUnit.SECONDS, new LinkedTransferQueue<>(), threadFactory);
			this.threads = threadFactory.threads;
			this.baseThreads = baseThreads;
			this.maxThreads = maxThreads;
			allowCoreThreadTimeOut(true);
			this.monitor = Executors.newSingleThreadScheduledExecutor(new DaemonThreadFactory("sse-writer-pool-"));
			this.monitor.scheduleWithFixedDelay(this::adjust, ELASTIC_CHECK_MILLIS, ELASTIC_CHECK_MILLIS,
					TimeUnit.MILLISECONDS);
		}

		void adjust() {
			int core = getCorePoolSize();
			if (getQueue().isEmpty()) {
				if (core > this.baseThreads && getActiveCount() < this.baseThreads) {
					setCorePoolSize(this.baseThreads);
				}
				return;
			}
			// writers are waiting: a thread that runs a writer but is not runnable is blocked,
			// on a socket as a rule (a thread waiting for work runs no writer)
			int blocked = 0;
			for (WriterThread worker : this.threads) {
				if (worker.runningWriter && worker.getState() != Thread.State.RUNNABLE) {
					blocked++;
				}
			}
			if (blocked > 0 && core < this.maxThreads) {
				setCorePoolSize(Math.min(this.maxThreads, core + blocked));
			}
		}

		/**
		 * Return the pool's threads that have not ended.
		 * @return the threads
		 */
		Set<Thread> threads() {
			return Set.copyOf(this.threads);
		}

		// A flag on the thread rather than a set of running threads: a set's entries would be
		// allocated and linked into its table for every writer run.

		@Override
		protected void beforeExecute(Thread thread, Runnable task) {
			((WriterThread) thread).runningWriter = true;
		}

		@Override
		protected void afterExecute(Runnable task, Throwable failure) {
			((WriterThread) Thread.currentThread()).runningWriter = false;
		}

		@Override
		protected void terminated() {
			this.monitor.shutdownNow();
		}

	}

	/**
	 * A thread of the elastic pool, which tells whether it is running a writer.
	 */
	static final class WriterThread extends Thread {

		private final Set<WriterThread> threads;

		volatile boolean runningWriter;

		WriterThread(Runnable runnable, String name, Set<WriterThread> threads) {
			super(runnable, name);
			this.threads = threads;
			setDaemon(true);
		}

		@Override
		public void run() {
			try {
				super.run();
			}
			finally {
				this.threads.remove(this);
			}
		}

	}

	/**
	 * Creates the elastic pool's threads and keeps the set of those alive.
	 */
	static final class WriterThreadFactory implements ThreadFactory {

		final Set<WriterThread> threads = ConcurrentHashMap.newKeySet();

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable runnable) {
			WriterThread thread = new WriterThread(runnable, "sse-writer-" + this.count.incrementAndGet(), this.threads);
			this.threads.add(thread);
			return thread;
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
