package io.github.ssebroadcast.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
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
 * Holds many Server-Sent Events streams open against one server, or spread over several
 * instances of it, with non-blocking sockets spread over a few selector threads, and
 * accounts for every benchmark event each stream receives: latency from its due
 * publication time, loss, duplicates and order.
 * <p>Streams may subscribe to one topic each, spread as a {@link TopicSpread} says, and are
 * then held to the events of their topic only. They may drop their connections and resume
 * with the id of the last event they received, as {@code EventSource} does, and are held to
 * the same account over both connections.
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
		this(List.of(server), path, ioThreads, lanes);
	}

	/**
	 * Create a load generator whose streams are spread over several servers, round robin:
	 * the {@code n}th stream of each {@link #connect connect} call connects to server
	 * {@code n % servers.size()}, and reconnects to the same server when it resumes.
	 * @param servers the servers
	 * @param path the path of the event stream on each
	 * @param ioThreads how many selector threads read the streams
	 * @param lanes how many publishing connections events come through, order being checked
	 * per connection
	 * @throws IOException if a selector cannot be opened
	 */
	public LoadGenerator(List<InetSocketAddress> servers, String path, int ioThreads, int lanes) throws IOException {
		if (servers.isEmpty()) {
			throw new IllegalArgumentException("At least one server is needed");
		}
		for (int i = 0; i < ioThreads; i++) {
			this.loops.add(new IoLoop("sse-load-" + i, List.copyOf(servers), path, Math.max(16, 256 / ioThreads),
					lanes));
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
		return connect(count, stalled, null, timeout);
	}

	/**
	 * Open streams that subscribe to one topic each, as the spread assigns them, and wait
	 * until their connections are established and their requests sent.
	 * @param count how many streams
	 * @param spread the topics
	 * @param timeout how long to wait
	 * @return what happened
	 */
	public ConnectResult connectToTopics(int count, TopicSpread spread, Duration timeout) {
		return connect(count, false, spread, timeout);
	}

	private ConnectResult connect(int count, boolean stalled, TopicSpread spread, Duration timeout) {
		long start = System.nanoTime();
		int perLoop = count / this.loops.size();
		int extra = count % this.loops.size();
		List<CompletableFuture<List<StreamClient>>> futures = new ArrayList<>();
		int first = 0;
		for (int i = 0; i < this.loops.size(); i++) {
			int n = perLoop + ((i < extra) ? 1 : 0);
			int firstClient = first;
			futures.add(this.loops.get(i).call((loop) -> loop.connect(n, stalled, spread, firstClient)));
			first += n;
		}
		List<StreamClient> created = new ArrayList<>();
		futures.forEach((future) -> created.addAll(join(future)));
		return awaitConnections(created, start, timeout);
	}

	/**
	 * Close the connection of every stream that reads, with a reset, and keep what each
	 * received, so that it can {@link #resume(Duration) resume}.
	 */
	public void dropConnections() {
		this.loops.forEach((loop) -> join(loop.call((l) -> {
			l.dropConnections();
			return null;
		})));
	}

	/**
	 * Connect every stream that reads again, all at once as after a server restart or a
	 * network failure, each sending the id of the last event it received in a
	 * {@code Last-Event-ID} header, and wait until their connections are established and
	 * their requests sent.
	 * @param timeout how long to wait
	 * @return what happened
	 */
	public ConnectResult resume(Duration timeout) {
		long start = System.nanoTime();
		List<CompletableFuture<List<StreamClient>>> futures = new ArrayList<>();
		this.loops.forEach((loop) -> futures.add(loop.call(IoLoop::resume)));
		List<StreamClient> resuming = new ArrayList<>();
		futures.forEach((future) -> resuming.addAll(join(future)));
		return awaitConnections(resuming, start, timeout);
	}

	private ConnectResult awaitConnections(List<StreamClient> created, long start, Duration timeout) {
		int count = created.size();
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
	 * Wait until every reading stream has received the {@code connected} event the starter
	 * sends first on its current connection, or has ended.
	 * @param timeout how long to wait
	 * @return how many have, and when the last of them did
	 */
	public Opened awaitConnectedEvents(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		long[] state;
		do {
			state = sumLongs((loop) -> {
				long readers = 0;
				long opened = 0;
				long ended = 0;
				long last = 0;
				for (StreamClient client : loop.clients) {
					if (!client.stalled) {
						readers++;
						if (client.connectedEventAt != 0) {
							opened++;
							last = Math.max(last, client.connectedEventAt);
						}
						else if (client.closed) {
							ended++;
						}
					}
				}
				return new long[] { readers, opened, ended, last };
			}, 3);
			if (state[1] + state[2] >= state[0]) {
				break;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
		while (System.nanoTime() < deadline);
		return new Opened((int) state[0], (int) state[1], state[3]);
	}

	/**
	 * Watch a range of sequence numbers on every reading stream, to tell when each has all of
	 * it: see {@link #awaitWatchedRange(int, Duration)}.
	 * @param fromSeq first sequence number, inclusive
	 * @param toSeq last sequence number, exclusive
	 */
	public void watch(long fromSeq, long toSeq) {
		this.loops.forEach((loop) -> join(loop.call((l) -> {
			for (StreamClient client : l.clients) {
				if (!client.stalled) {
					client.deliveries.watch(fromSeq, toSeq);
					client.watchedCompleteAt = 0;
				}
			}
			return null;
		})));
	}

	/**
	 * Wait until every reading stream has every event of the watched range, or has ended,
	 * and tell how the streams that resumed got there: how many were told, by their
	 * {@code connected} event, that the expected number of missed events follows, how many
	 * were sent a reset event instead, and how many got exactly what they were told: all of
	 * the range, with no duplicate, nothing out of order and no reset over the whole run.
	 * @param expectedReplayed how many missed events each stream should be announced
	 * @param timeout how long to wait
	 * @return what the streams received
	 */
	public CatchUp awaitWatchedRange(int expectedReplayed, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		long[] state;
		do {
			state = sumLongs((loop) -> {
				long readers = 0;
				long completed = 0;
				long ended = 0;
				long last = 0;
				long announced = 0;
				long resets = 0;
				long refused = 0;
				long exact = 0;
				for (StreamClient client : loop.clients) {
					if (client.stalled) {
						continue;
					}
					readers++;
					boolean complete = client.deliveries.hasWatchedRange();
					if (complete) {
						completed++;
						last = Math.max(last, client.watchedCompleteAt);
					}
					else if (client.closed) {
						ended++;
					}
					if (client.replayed == expectedReplayed) {
						announced++;
						if (complete && client.resets == 0 && client.deliveries.duplicates() == 0
								&& client.deliveries.outOfOrder() == 0) {
							exact++;
						}
					}
					resets += client.resets;
					if (client.status != 0 && client.status != 200) {
						refused++;
					}
				}
				return new long[] { readers, completed, ended, last, announced, resets, refused, exact };
			}, 3);
			if (state[1] + state[2] >= state[0]) {
				break;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
		}
		while (System.nanoTime() < deadline);
		return new CatchUp((int) state[0], (int) state[1], state[3], (int) state[4], state[5], (int) state[6],
				(int) state[7]);
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
		return awaitStep(step, fromSeq, toSeq, (toSeq - fromSeq) * clients, null, timeout);
	}

	/**
	 * Wait until every reading stream has every event of a step published to its topic, no
	 * reading stream is left open, or the timeout passes, and report on the step. Events of
	 * the step a stream received for another topic count as misdelivered, not received.
	 * @param step the step
	 * @param fromSeq first sequence number published in the step
	 * @param toSeq sequence number after the last one published in the step
	 * @param spread how the step's events and the streams are spread over topics
	 * @param timeout how long to wait
	 * @return the step's figures
	 */
	public StepResult awaitTopicStep(int step, long fromSeq, long toSeq, TopicSpread spread, Duration timeout) {
		long expected = sumLongs((loop) -> {
			long n = 0;
			for (StreamClient client : loop.clients) {
				if (!client.stalled) {
					n += spread.eventsFor(client.topicIndex, fromSeq, toSeq);
				}
			}
			return new long[] { n };
		})[0];
		return awaitStep(step, fromSeq, toSeq, expected, spread, timeout);
	}

	private StepResult awaitStep(int step, long fromSeq, long toSeq, long expected, TopicSpread spread,
			Duration timeout) {
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
		long misdelivered = 0;
		int clientsShort = 0;
		for (IoLoop loop : this.loops) {
			Object[] figures = join(loop.call((l) -> {
				long r = 0;
				long d = 0;
				long o = 0;
				int closed = 0;
				long m = 0;
				int s = 0;
				for (StreamClient client : l.clients) {
					if (client.stalled) {
						continue;
					}
					long all = client.deliveries.receivedBetween(fromSeq, toSeq);
					long own = all;
					long due = toSeq - fromSeq;
					if (spread != null) {
						own = client.deliveries.receivedBetween(fromSeq, toSeq, spread.topics(), client.topicIndex);
						due = spread.eventsFor(client.topicIndex, fromSeq, toSeq);
					}
					r += own;
					m += all - own;
					if (own < due) {
						s++;
					}
					d += client.deliveries.duplicates();
					o += client.deliveries.outOfOrder();
					if (client.closed) {
						closed++;
					}
				}
				return new Object[] { r, d, o, closed, l.histogram(step), l.lastReceipt(step), l.malformed, m, s };
			}));
			received += (long) figures[0];
			duplicates += (long) figures[1];
			outOfOrder += (long) figures[2];
			disconnected += (int) figures[3];
			histogram.add((Histogram) figures[4]);
			lastReceipt = Math.max(lastReceipt, (long) figures[5]);
			malformed += (long) figures[6];
			misdelivered += (long) figures[7];
			clientsShort += (int) figures[8];
		}
		return new StepResult(step, expected, received, duplicates, outOfOrder, disconnected, malformed, histogram,
				lastReceipt, misdelivered, clientsShort);
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

	/**
	 * Run a function on every loop and add up the figures it returns, except those at the
	 * given indexes, which are times: of those the latest is kept.
	 */
	private long[] sumLongs(Function<IoLoop, long[]> function, int... latest) {
		long[] total = null;
		for (IoLoop loop : this.loops) {
			long[] part = join(loop.call(function));
			if (total == null) {
				total = part;
				continue;
			}
			for (int i = 0; i < total.length; i++) {
				total[i] += part[i];
			}
			for (int i : latest) {
				total[i] = Math.max(total[i] - part[i], part[i]);
			}
		}
		return total;
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
	 * How many reading streams received the {@code connected} event on their current
	 * connection.
	 *
	 * @param clients reading streams
	 * @param opened how many received it
	 * @param lastAt when the last of them did, in load-generator nanoseconds, or 0
	 */
	public record Opened(int clients, int opened, long lastAt) {

	}

	/**
	 * How the reading streams caught up with a watched range of events after they resumed.
	 *
	 * @param clients reading streams
	 * @param caughtUp how many have every event of the range
	 * @param lastAt when the last of them completed it, in load-generator nanoseconds, or 0
	 * @param announced how many were told by their {@code connected} event that the expected
	 * number of missed events follows
	 * @param resets reset events received, in all
	 * @param refused how many were answered with a status other than 200
	 * @param exact how many were announced the expected number of missed events and got
	 * every one, with no duplicate, nothing out of order and no reset
	 */
	public record CatchUp(int clients, int caughtUp, long lastAt, int announced, long resets, int refused,
			int exact) {

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
	 * @param misdelivered events of the step received by streams of another topic
	 * @param clientsShort reading streams that received fewer of the step's events than they
	 * should have
	 */
	public record StepResult(int step, long expected, long received, long duplicates, long outOfOrder,
			int disconnected, long malformed, Histogram latency, long lastReceipt, long misdelivered,
			int clientsShort) {

		/**
		 * Return how many deliveries are missing.
		 * @return the count
		 */
		public long lost() {
			return Math.max(0, this.expected - this.received);
		}

	}

}
