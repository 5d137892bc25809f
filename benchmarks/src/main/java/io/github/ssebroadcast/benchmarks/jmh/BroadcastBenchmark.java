package io.github.ssebroadcast.benchmarks.jmh;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.github.ssebroadcast.broadcast.BroadcastResult;
import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.SseTransport;
import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.event.SseFrame;
import io.github.ssebroadcast.metrics.SseBroadcastMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one broadcast to many clients on the publisher's thread: encode once, queue the
 * shared frame for every client, schedule each idle client's writer ({@code enqueue}); and
 * the same plus running every writer, which hands the frames to its client's transport
 * ({@code fanOut}). Writers run on a queue this benchmark drains, not on threads, and the
 * transports take frames and drop them, so only the broadcaster's own work is measured.
 * With {@code metrics}, the broadcaster moves the starter's meters in a Micrometer registry
 * as it does in an application with Actuator.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class BroadcastBenchmark {

	@Param({ "1000" })
	public int clients;

	@Param({ "false", "true" })
	public boolean metrics;

	private final ArrayDeque<Runnable> writers = new ArrayDeque<>();

	private final Executor collectingExecutor = this.writers::add;

	private DefaultSseBroadcaster broadcaster;

	private final SseEvent event = SseEvent.builder().name("tick").data("12 345678 9876543210123 abcdefghijklmnop").build();

	@Setup(Level.Trial)
	public void connectClients() {
		DefaultSseBroadcaster.Builder builder = DefaultSseBroadcaster.builder()
			.keepAlive(java.time.Duration.ZERO)
			.maxClients(0)
			.writerExecutor(this.collectingExecutor);
		if (this.metrics) {
			builder.listener(new SseBroadcastMetrics(new SimpleMeterRegistry(), false));
		}
		this.broadcaster = builder.build();
		for (int i = 0; i < this.clients; i++) {
			this.broadcaster.connect(new DroppingTransport());
		}
		runWriters();
	}

	@Setup(Level.Invocation)
	public void runWritersOfPreviousInvocation() {
		runWriters();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.broadcaster.destroy();
	}

	@Benchmark
	public BroadcastResult enqueue() {
		return this.broadcaster.broadcast(this.event);
	}

	@Benchmark
	public int fanOut() {
		BroadcastResult result = this.broadcaster.broadcast(this.event);
		runWriters();
		return result.queued();
	}

	/**
	 * A client whose socket takes every byte at once.
	 */
	static final class DroppingTransport implements SseTransport {

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public boolean send(SseFrame[] frames, int count) {
			return true;
		}

		@Override
		public void complete() {
		}

		@Override
		public void abort() {
		}

	}

	private void runWriters() {
		Runnable writer;
		while ((writer = this.writers.poll()) != null) {
			writer.run();
		}
	}

}
