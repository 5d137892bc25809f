package io.github.ssebroadcast.test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.servlet.SseStream;
import io.github.ssebroadcast.servlet.SseStreams;
import io.github.ssebroadcast.web.SseStreamExceptionResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.awaitility.Awaitility;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.ModelAndView;

/**
 * An application using the starter as users do, with a per-connection stream of its own and
 * a global exception handler that must never touch the starter's endpoints. Spring Security,
 * which the tests have on their class path, is left out: {@code SecurityIntegrationTests}
 * run the starter with it.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = { TestBootLine.WEB_SECURITY_AUTO_CONFIGURATION,
		TestBootLine.MANAGEMENT_WEB_SECURITY_AUTO_CONFIGURATION,
		TestBootLine.USER_DETAILS_SERVICE_AUTO_CONFIGURATION })
@Import({ TestApplication.TickController.class, TestApplication.GlobalExceptionHandler.class })
public class TestApplication {

	/** How many exceptions reached the application's global handler. */
	public static final AtomicInteger globalHandlerInvocations = new AtomicInteger();

	/** How many {@code /test/feed} streams stopped because {@code send} answered {@code false}. */
	public static final AtomicInteger feedsRefused = new AtomicInteger();

	/** The {@code /test/handed-over} streams, which tests send to themselves. */
	public static final BlockingQueue<SseStream> handedOverStreams = new LinkedBlockingQueue<>();

	/**
	 * Take the next {@code /test/handed-over} stream, of a client that reads nothing, and,
	 * once its handler has returned it and its opening frame is written, send to it until
	 * its client's socket takes no more.
	 * @param timeout how long to wait for the stream
	 * @param data the data of each event
	 * @param maxEvents the most events to send
	 * @return the stream, whose writes wait for its client
	 */
	public static SseStream nextHandedOverStreamFilled(Duration timeout, String data, int maxEvents)
			throws InterruptedException {
		SseStream stream = handedOverStreams.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (stream == null) {
			throw new AssertionError("No stream handed over within " + timeout);
		}
		Awaitility.await().atMost(timeout).until(stream::isReady);
		int sent = 0;
		while (stream.isReady() && sent++ < maxEvents) {
			stream.send("big", data);
		}
		if (stream.isReady()) {
			throw new AssertionError("The client's socket still takes bytes after " + maxEvents + " events");
		}
		return stream;
	}

	/** How many exceptions on event streams the starter's resolver ended quietly. */
	public static final AtomicInteger streamExceptionsResolved = new AtomicInteger();

	@Bean
	SseStreamExceptionResolver sseStreamExceptionResolver() {
		return new SseStreamExceptionResolver() {

			@Override
			public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response,
					Object handler, Exception ex) {
				ModelAndView resolved = super.resolveException(request, response, handler, ex);
				if (resolved != null) {
					streamExceptionsResolved.incrementAndGet();
				}
				return resolved;
			}

		};
	}

	/**
	 * Streams {@code count} ticks from a scheduler, then completes, like Kestrun's
	 * per-connection example.
	 */
	@RestController
	static class TickController implements DisposableBean {

		private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

		private final SseStreams streams;

		private final SseBroadcaster broadcaster;

		TickController(SseStreams streams, SseBroadcaster broadcaster) {
			this.streams = streams;
			this.broadcaster = broadcaster;
		}

		@GetMapping("/test/ticks")
		SseStream ticks(@RequestParam int count) {
			SseStream stream = this.streams.open();
			for (int i = 1; i <= count; i++) {
				int tick = i;
				this.scheduler.schedule(() -> {
					stream.send(SseEvent.builder().name("tick").id(String.valueOf(tick)).data("line " + tick + "\nnext").build());
					if (tick == count) {
						stream.complete();
					}
				}, 20L * i, TimeUnit.MILLISECONDS);
			}
			return stream;
		}

		/**
		 * Opens a stream and hands it to the test, which sends to it from its own thread.
		 */
		@GetMapping("/test/handed-over")
		SseStream handedOver() {
			SseStream stream = this.streams.open();
			handedOverStreams.add(stream);
			return stream;
		}

		/**
		 * Sends an event every 20 ms for as long as {@code send} accepts them, as a feed that
		 * never ends by itself does.
		 */
		@GetMapping("/test/feed")
		SseStream feed() {
			return startFeed(this.streams.open());
		}

		/**
		 * Opens a feed, then answers 403 instead of returning it, as a handler that decides
		 * too late that it will not stream does.
		 */
		@GetMapping("/test/feed-not-returned")
		ResponseEntity<Void> feedNotReturned() {
			startFeed(this.streams.open());
			return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
		}

		/**
		 * Subscribes to the broadcaster, then answers 403 instead of returning the stream.
		 */
		@GetMapping("/test/subscription-not-returned")
		ResponseEntity<Void> subscriptionNotReturned() {
			this.streams.subscribe(this.broadcaster);
			return ResponseEntity.status(HttpStatus.FORBIDDEN).build();
		}

		/**
		 * Opens a stream on the request thread but hands it to Spring MVC later, through a
		 * {@code DeferredResult}, then sends one tick and completes.
		 */
		@GetMapping("/test/deferred")
		DeferredResult<SseStream> deferred() {
			SseStream stream = this.streams.open();
			DeferredResult<SseStream> result = new DeferredResult<>();
			this.scheduler.schedule(() -> {
				result.setResult(stream);
				stream.send(SseEvent.of("tick", "deferred"));
				stream.complete();
			}, 50, TimeUnit.MILLISECONDS);
			return result;
		}

		private SseStream startFeed(SseStream stream) {
			this.scheduler.schedule(new Runnable() {

				@Override
				public void run() {
					if (stream.send("tick", "feed")) {
						TickController.this.scheduler.schedule(this, 20, TimeUnit.MILLISECONDS);
					}
					else {
						feedsRefused.incrementAndGet();
					}
				}

			}, 20, TimeUnit.MILLISECONDS);
			return stream;
		}

		/**
		 * Sends {@code count} events of {@code size} bytes and completes, all before returning
		 * the stream: more than its opening write takes.
		 */
		@GetMapping("/test/sent-before-return")
		SseStream sentBeforeReturn(@RequestParam int count, @RequestParam int size) {
			SseStream stream = this.streams.open();
			for (int i = 1; i <= count; i++) {
				stream.send(SseEvent.builder().name("early").id(String.valueOf(i)).data("x".repeat(size)).build());
			}
			stream.complete();
			return stream;
		}

		/**
		 * Sends {@code count} events from another thread: the first half after Spring MVC has
		 * handed the response to the stream but before it has written anything, the rest as
		 * fast as it can while Spring MVC writes the opening frame; then completes.
		 */
		@GetMapping("/test/burst")
		SseStream burst(@RequestParam int count) {
			return new SseStream(null, Duration.ofSeconds(2)) {

				@Override
				protected void extendResponse(ServerHttpResponse outputMessage) {
					super.extendResponse(outputMessage);
					try {
						TickController.this.scheduler.submit(() -> sendBurst(this, 1, count / 2)).get();
					}
					catch (InterruptedException | ExecutionException ex) {
						throw new IllegalStateException(ex);
					}
					TickController.this.scheduler.execute(() -> {
						sendBurst(this, count / 2 + 1, count);
						complete();
					});
				}

			};
		}

		private static void sendBurst(SseStream stream, int from, int to) {
			for (int i = from; i <= to; i++) {
				stream.send(SseEvent.builder().name("burst").id(String.valueOf(i)).data("n").build());
			}
		}

		@Override
		public void destroy() {
			this.scheduler.shutdownNow();
		}

	}

	/**
	 * A catch-all handler as many applications have.
	 */
	@RestControllerAdvice
	static class GlobalExceptionHandler {

		@ExceptionHandler(Exception.class)
		ResponseEntity<Map<String, Object>> handle(Exception ex) {
			globalHandlerInvocations.incrementAndGet();
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Map.of("global", true));
		}

	}

}
