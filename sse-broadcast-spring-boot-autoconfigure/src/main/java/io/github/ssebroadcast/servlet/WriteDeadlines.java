package io.github.ssebroadcast.servlet;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The timer that ends per-connection streams whose clients have taken nothing for their
 * write timeout, which no broadcaster watches. Its one daemon thread runs only while a
 * deadline is pending, so that an application with no stalled client has none, and one that
 * stops leaves none behind.
 */
final class WriteDeadlines {

	private static final ScheduledThreadPoolExecutor timer = createTimer();

	private WriteDeadlines() {
	}

	/**
	 * Run a check of a write deadline after the given time.
	 * @param check the check
	 * @param delayNanos the time
	 * @return the pending check, to cancel when the stream ends first
	 */
	static ScheduledFuture<?> schedule(Runnable check, long delayNanos) {
		return timer.schedule(check, delayNanos, TimeUnit.NANOSECONDS);
	}

	private static ScheduledThreadPoolExecutor createTimer() {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "sse-stream-write-deadlines");
			thread.setDaemon(true);
			return thread;
		});
		// a thread waiting for a pending check stays; an idle one ends
		timer.setKeepAliveTime(1, TimeUnit.SECONDS);
		timer.allowCoreThreadTimeOut(true);
		// a stream that ends before its deadline takes its check off the queue
		timer.setRemoveOnCancelPolicy(true);
		return timer;
	}

}
