package io.github.ssebroadcast.benchmarks.runner;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads a server's resident set size every few milliseconds on a thread of its own, from
 * {@code /proc} as {@link ServerProcess#rssKiB()} does, to catch the peak of a burst that a
 * reading before and one after would miss.
 */
final class RssSampler implements AutoCloseable {

	/** How often the RSS is read: {@code /proc/<pid>/status} takes microseconds to read. */
	static final Duration INTERVAL = Duration.ofMillis(10);

	private final ServerProcess server;

	private final Thread thread;

	private volatile boolean running = true;

	private volatile long peakKiB;

	private volatile int samples;

	private RssSampler(ServerProcess server) {
		this.server = server;
		this.peakKiB = server.rssKiB();
		this.thread = new Thread(this::sample, "rss-sampler");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/**
	 * Start sampling.
	 * @param server the server
	 * @return the sampler, to close when the burst is over
	 */
	static RssSampler start(ServerProcess server) {
		return new RssSampler(server);
	}

	private void sample() {
		while (this.running) {
			long rss = this.server.rssKiB();
			if (rss > this.peakKiB) {
				this.peakKiB = rss;
			}
			this.samples++;
			LockSupport.parkNanos(INTERVAL.toNanos());
		}
	}

	/**
	 * Return the highest RSS read so far.
	 * @return the RSS in KiB, or -1 if unknown
	 */
	long peakKiB() {
		return this.peakKiB;
	}

	/**
	 * Return how many readings were taken.
	 * @return the count
	 */
	int samples() {
		return this.samples;
	}

	@Override
	public void close() {
		this.running = false;
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(1));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
