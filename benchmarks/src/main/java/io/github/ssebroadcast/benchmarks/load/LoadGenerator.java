package io.github.ssebroadcast.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import org.HdrHistogram.Histogram;

/**
 * Holds many Server-Sent Events streams open against one server, with non-blocking sockets
 * spread over a few selector threads, and accounts for every benchmark event each stream
 * receives: latency from its due publication time, loss, duplicates and order.
 */
public final class LoadGenerator implements AutoCloseable {

	private final List<IoLoop> loops = new ArrayList<>();

	private int next;

	/**
	 * Create a load generator.
	 * @param server the server
	 * @param path the path of the event stream
	 * @param ioThreads how many selector threads read the streams
	 * @param lanes how many publishing connections events come through, order being checked
	 * per connection
	 * @throws IOException if a selector cannot be opened
	 */
	public LoadGenerator(InetSocketAddress server, String path, int ioThreads, int lanes) throws IOException {
		byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
				+ "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		for (int i = 0; i < ioThreads; i++) {
			this.loops.add(new IoLoop("sse-load-" + i, server, request, Math.max(16, 256 / ioThreads), lanes));
		}
	}

	/**
	 * Open streams and wait until their connections are established and their requests sent.
	 * @param count how many streams
	 * @param stalled whether the streams never read (a receive buffer of 4 KiB, never drained)
	 * @param timeout how long to wait
	 * @return what happened
	 */
	public ConnectResult connect(int count, boolean stalled, Duration timeout) {
		long start = System.nanoTime();
		int perLoop = count / this.loops.size();
		int extra = count % this.loops.size();
		List<CompletableFuture<List<StreamClient>>> futures = new ArrayList<>();
		for (int i = 0; i < this.loops.size(); i++) {
			int n = perLoop + ((i < extra) ? 1 : 0);
			futures.add(this.loops.get(i).call((loop) -> loop.connect(n, stalled)));
		}
		List<StreamClient> created = new ArrayList<>();
		futures.forEach((future) -> created.addAll(join(future)));
		long deadline = start + timeout.toNanos();
		int[] state;
		do {
			state = sum((loop) -> {
				int connected = 0;
				int failed = 0;
				for (StreamClient client : created) {
					if (client.loop == loop) {
						if (client.connectedAt != 0) {
							connected++;
						}
						else if (client.closed) {
							failed++;
						}
					}
				}
				return new int[] { connected, failed };
			});
			if (state[0] + state[1] >= count) {
				break;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
		while (System.nanoTime() < deadline);
		long last = created.stream().mapToLong((client) -> client.connectedAt).max().orElse(start);
		String firstError = created.stream()
			.map((client) -> client.error)
			.filter((error) -> error != null)
			.findFirst()
			.orElse(null);
		return new ConnectResult(count, state[0], state[1], Math.max(0, last - start), firstError);
	}

	/**
	 * Wait until the given number of streams that read have received response headers.
	 * @param count how many
	 * @param timeout how long to wait
	 * @return how many have, at the end of the wait
	 */
	public int awaitHeaders(int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		int headers;
		while ((headers = headersReceived()) < count && System.nanoTime() < deadline) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
		return headers;
	}

	/**
	 * Return how many reading streams have received their response headers.
	 * @return the count
	 */
	public int headersReceived() {
		return sum((loop) -> {
			int n = 0;
			for (StreamClient client : loop.clients) {
				if (!client.stalled && client.headersAt != 0) {
					n++;
				}
			}
			return new int[] { n };
		})[0];
	}

	/**
	 * Wait until every reading stream has every event of a step, no reading stream is left
	 * open, or the timeout passes, and report on the step.
	 * @param step the step
	 * @param fromSeq first sequence number published in the step
	 * @param toSeq sequence number after the last one published in the step
	 * @param clients how many reading streams should have received them
	 * @param timeout how long to wait
	 * @return the step's figures
	 */
	public StepResult awaitStep(int step, long fromSeq, long toSeq, int clients, Duration timeout) {
		long expected = (toSeq - fromSeq) * clients;
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			long delivered = 0;
			int open = 0;
			for (IoLoop loop : this.loops) {
				long[] state = join(loop.call((l) -> new long[] { l.delivered(step), l.openReaders() }));
				delivered += state[0];
				open += (int) state[1];
			}
			if (delivered >= expected || open == 0) {
				break;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
		Histogram histogram = new Histogram(IoLoop.MAX_LATENCY_MICROS, 3);
		long received = 0;
		long duplicates = 0;
		long outOfOrder = 0;
		long lastReceipt = 0;
		int disconnected = 0;
		long malformed = 0;
		for (IoLoop loop : this.loops) {
			Object[] figures = join(loop.call((l) -> {
				long r = 0;
				long d = 0;
				long o = 0;
				int closed = 0;
				for (StreamClient client : l.clients) {
					if (client.stalled) {
						continue;
					}
					r += client.deliveries.receivedBetween(fromSeq, toSeq);
					d += client.deliveries.duplicates();
					o += client.deliveries.outOfOrder();
					if (client.closed) {
						closed++;
					}
				}
				return new Object[] { r, d, o, closed, l.histogram(step), l.lastReceipt(step), l.malformed };
			}));
			received += (long) figures[0];
			duplicates += (long) figures[1];
			outOfOrder += (long) figures[2];
			disconnected += (int) figures[3];
			histogram.add((Histogram) figures[4]);
			lastReceipt = Math.max(lastReceipt, (long) figures[5]);
			malformed += (long) figures[6];
		}
		return new StepResult(step, expected, received, duplicates, outOfOrder, disconnected, malformed, histogram,
				lastReceipt);
	}

	/**
	 * Start reading the stalled streams and count those the server has ended: after reading
	 * what was buffered for them, the response or the socket ends.
	 * @param timeout how long to read
	 * @return how many stalled streams turned out ended by the server
	 */
	public int stalledEndedByServer(Duration timeout) {
		this.loops.forEach((loop) -> join(loop.call((l) -> {
			l.resumeStalled();
			return null;
		})));
		long deadline = System.nanoTime() + timeout.toNanos();
		int[] state;
		do {
			state = sum((loop) -> {
				int stalled = 0;
				int closed = 0;
				for (StreamClient client : loop.clients) {
					if (client.stalled) {
						stalled++;
						if (client.closed) {
							closed++;
						}
					}
				}
				return new int[] { stalled, closed };
			});
			if (state[1] >= state[0]) {
				break;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
		}
		while (System.nanoTime() < deadline);
		return state[1];
	}

	/**
	 * Close every stream that reads, with a reset, and keep the stalled ones.
	 */
	public void closeReaders() {
		this.loops.forEach((loop) -> join(loop.call((l) -> {
			l.closeReaders();
			return null;
		})));
	}

	/**
	 * Close every stream, with a reset.
	 */
	public void closeAll() {
		this.loops.forEach((loop) -> join(loop.call((l) -> {
			l.closeAll();
			return null;
		})));
	}

	@Override
	public void close() {
		this.loops.forEach(IoLoop::stop);
	}

	private int[] sum(Function<IoLoop, int[]> function) {
		int[] total = null;
		for (IoLoop loop : this.loops) {
			int[] part = join(loop.call(function));
			if (total == null) {
				total = part;
			}
			else {
				for (int i = 0; i < total.length; i++) {
					total[i] += part[i];
				}
			}
		}
		return total;
	}

	private static <T> T join(CompletableFuture<T> future) {
		try {
			return future.get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Load generator loop did not answer", ex);
		}
	}

	/**
	 * What connecting streams did.
	 *
	 * @param requested how many streams were asked for
	 * @param connected how many connected and sent their request
	 * @param failed how many failed to connect
	 * @param elapsedNanos time until the last one connected
	 * @param firstError the first error, or {@code null}
	 */
	public record ConnectResult(int requested, int connected, int failed, long elapsedNanos, String firstError) {

	}

	/**
	 * What the reading streams received of one step.
	 *
	 * @param step the step
	 * @param expected deliveries expected: events times streams
	 * @param received distinct deliveries
	 * @param duplicates events received again, over the run so far
	 * @param outOfOrder events received after a later one, over the run so far
	 * @param disconnected streams that ended
	 * @param malformed events whose data was not a benchmark payload
	 * @param latency publish-to-receipt latency of the step's deliveries, in microseconds
	 * @param lastReceipt when the step's last delivery arrived, in load-generator nanoseconds
	 */
	public record StepResult(int step, long expected, long received, long duplicates, long outOfOrder,
			int disconnected, long malformed, Histogram latency, long lastReceipt) {

		/**
		 * Return how many deliveries are missing.
		 * @return the count
		 */
		public long lost() {
			return Math.max(0, this.expected - this.received);
		}

	}

}
