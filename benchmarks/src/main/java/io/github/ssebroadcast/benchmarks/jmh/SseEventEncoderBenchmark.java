package io.github.ssebroadcast.benchmarks.jmh;

import java.util.concurrent.TimeUnit;

import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.event.SseEventEncoder;
import io.github.ssebroadcast.event.SseFrame;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of encoding one event, done once per broadcast whatever the number of clients.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SseEventEncoderBenchmark {

	private final SseEvent small = SseEvent.builder().name("tick").data("12 345678 9876543210123 abcdefghijklmnop").build();

	private final SseEvent multiLine = SseEvent.builder()
		.id("12345")
		.name("progress")
		.reconnectTime(2000)
		.data("{\"taskId\":\"a1\",\n\"progress\":42,\r\n\"status\":\"running\"}\n" + "x".repeat(200))
		.build();

	@Benchmark
	public SseFrame encodeSmallEvent() {
		return SseEventEncoder.encode(this.small);
	}

	@Benchmark
	public SseFrame encodeMultiLineEventWithIdAndRetry() {
		return SseEventEncoder.encode(this.multiLine);
	}

	@Benchmark
	public SseEvent buildAndValidateEvent() {
		return SseEvent.builder().name("tick").id("12345").data("12 345678 9876543210123 abcdefghijklmnop").build();
	}

}
