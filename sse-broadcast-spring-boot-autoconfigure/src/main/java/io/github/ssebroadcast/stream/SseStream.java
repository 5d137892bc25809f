package io.github.ssebroadcast.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.ssebroadcast.broadcast.SseTransport;
import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.event.SseEventEncoder;
import io.github.ssebroadcast.event.SseFrame;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.ShallowEtagHeaderFilter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * An {@link SseEmitter} that a controller returns for a stream of its own, and that the
 * broadcaster uses for each of its clients.
 * <p>Compared with a plain {@code SseEmitter} it:
 * <ul>
 * <li>sends {@code Cache-Control: no-cache, no-transform} and {@code X-Accel-Buffering: no}
 * so that proxies neither buffer nor compress the stream;</li>
 * <li>commits the response at once, with a {@code retry:} line, so the browser's
 * {@code open} event fires immediately rather than at the first event;</li>
 * <li>encodes events with {@link SseEventEncoder}: one write and one flush per event, and
 * no framing injection through names or ids;</li>
 * <li>writes the encoded bytes straight to the response's output stream rather than through
 * the message converters, which would look up a converter and set headers for every event:
 * the opening frame, and whatever was sent before, as soon as Spring MVC takes the stream up
 * and before it starts the asynchronous request, so that a client already gone ends the
 * request at once;</li>
 * <li>asks for a small response buffer, as every write is flushed at once;</li>
 * <li>answers a {@code HEAD} request with the stream's headers and ends at once, running
 * its completion callbacks and refusing further sends, as the container would drop them
 * without ever failing;</li>
 * <li>ends itself the same way when the request that opened it ends without it, because
 * its handler threw or returned something else;</li>
 * <li>reports a client that went away as {@code false} from {@code send}, never an
 * exception, and as one DEBUG line, never a stack trace, and ends its request even on
 * containers that do not report the failed write themselves, such as Jetty.</li>
 * </ul>
 * <p>{@code send} may be called from any thread. It writes on the calling thread, so a
 * controller that waits between events should send from a scheduler rather than sleep on
 * a request thread.
 */
public class SseStream extends SseEmitter implements SseTransport {

	/** Cache-Control value for event streams. */
	public static final String CACHE_CONTROL = "no-cache, no-transform";

	/** Header asking nginx and compatible proxies not to buffer the response. */
	public static final String ACCEL_BUFFERING_HEADER = "X-Accel-Buffering";

	/** Log category of the one DEBUG line logged for a client that went away. */
	public static final String DISCONNECTED_CLIENT_LOG_CATEGORY = "io.github.ssebroadcast.DisconnectedClient";

	private static final Log logger = LogFactory.getLog(SseStream.class);

	/**
	 * The response buffer an open stream keeps. Every write is flushed at once, so it only
	 * needs to hold what one write gathers. Jetty otherwise keeps a 32 KiB direct buffer per
	 * stream, 320 MiB for 10,000 clients; Tomcat never shrinks its 8 KiB.
	 */
	static final int RESPONSE_BUFFER_SIZE = 4096;

	private volatile boolean open = true;

	/**
	 * The completion callbacks, which the stream runs itself when it ends before Spring MVC
	 * takes it up (on a {@code HEAD} request, or when the request ended without it): Spring
	 * MVC then registers none of them.
	 */
	private final List<Runnable> completionCallbacks = new CopyOnWriteArrayList<>();

	/** Whether Spring MVC has taken the stream up as a handler's return value. */
	private volatile boolean takenUp;

	/** Whether the container reports a failed write itself, so the stream must not. */
	private volatile boolean containerReportsFailedWrites;

	/**
	 * The frames sent before Spring MVC takes the stream up, the opening frame first: they are
	 * written when it does, before it starts the asynchronous request.
	 */
	private final List<SseFrame> pending = new ArrayList<>();

	/** The response's output stream, once the pending frames are written to it. */
	@Nullable
	private OutputStream output;

	/**
	 * Create a stream that sends the given reconnect time at once.
	 * @param timeout how long the stream may stay open, or {@code null} for no limit
	 * @param reconnectTime the {@code retry:} sent when the stream opens
	 */
	public SseStream(@Nullable Duration timeout, Duration reconnectTime) {
		this(timeout, SseEventEncoder.reconnectTime(reconnectTime));
	}

	/**
	 * Create a stream that sends the given frame at once. The frame commits the response,
	 * so it should carry at least a {@code retry:} line or a comment.
	 * @param timeout how long the stream may stay open, or {@code null} for no limit
	 * @param openingFrame the frame sent when the stream opens
	 */
	public SseStream(@Nullable Duration timeout, SseFrame openingFrame) {
		// 0 means no timeout to the servlet container, whatever spring.mvc.async.request-timeout says
		super((timeout != null) ? timeout.toMillis() : 0L);
		onCompletion(() -> this.open = false);
		onError((ex) -> this.open = false);
		onTimeout(() -> {
			// end the response normally rather than as an async request timeout error
			this.open = false;
			complete();
		});
		this.pending.add(openingFrame);
		endIfRequestEndsWithoutIt();
	}

	/**
	 * On a request thread, end the stream if the request ends without Spring MVC taking it up:
	 * when the handler that opened it threw, or returned something else. Sends to it would
	 * otherwise be kept by Spring MVC for good, and a broadcaster client would stay registered.
	 * A stream that a {@code DeferredResult} or a {@code Callable} returns later is taken up in
	 * an asynchronous dispatch, so a request that started one is left alone.
	 */
	private void endIfRequestEndsWithoutIt() {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			HttpServletRequest request = attributes.getRequest();
			attributes.registerDestructionCallback(SseStream.class.getName() + "." + System.identityHashCode(this),
					() -> {
						if (!this.takenUp && !request.isAsyncStarted()) {
							if (logger.isDebugEnabled()) {
								logger.debug("SSE stream opened for " + request.getRequestURI()
										+ " was not returned by its handler; ended");
							}
							endBeforeTakenUp();
						}
					}, RequestAttributes.SCOPE_REQUEST);
		}
	}

	/**
	 * End a stream that Spring MVC has not taken up: refuse further sends, and run the
	 * completion callbacks, which Spring MVC will not.
	 */
	private void endBeforeTakenUp() {
		complete();
		this.completionCallbacks.forEach(Runnable::run);
	}

	/**
	 * Set the stream's headers and write the frames sent so far, the opening frame first,
	 * which commits the response. Spring MVC calls this before it starts the asynchronous
	 * request: a client that has gone already (one that reset the connection right after its
	 * request, say) makes the write fail here, and the stream then ends as a completed one,
	 * which Spring MVC ends the request of at once. Written later, by Spring MVC, such a
	 * failure would leave the asynchronous request open until the server stops.
	 */
	@Override
	protected void extendResponse(ServerHttpResponse outputMessage) {
		super.extendResponse(outputMessage);
		HttpHeaders headers = outputMessage.getHeaders();
		headers.setCacheControl(CACHE_CONTROL);
		headers.set(ACCEL_BUFFERING_HEADER, "no");
		this.writeLock.lock();
		try {
			// under the lock: a send meanwhile must join the pending frames, not Spring MVC's
			this.takenUp = true;
			if (isHeadRequest()) {
				// the container drops what is written to a HEAD response, so no write would ever
				// fail and tell that the client has gone: end at once, and refuse further sends
				this.pending.clear();
				endBeforeTakenUp();
			}
			else if (outputMessage instanceof ServletServerHttpResponse servletResponse) {
				writePending(servletResponse);
			}
			else {
				sendPendingThroughSpringMvc();
			}
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private void writePending(ServletServerHttpResponse outputMessage) {
		HttpServletResponse response = outputMessage.getServletResponse();
		this.containerReportsFailedWrites = reportsFailedWrites(response);
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			// Spring MVC does this later, for its own writes: a caching filter would keep these
			ShallowEtagHeaderFilter.disableContentCaching(attributes.getRequest());
		}
		if (!response.isCommitted()) {
			askForSmallBuffer(response);
		}
		try {
			// sets the headers on the response; the stream it returns does not flush
			outputMessage.getBody();
			OutputStream body = response.getOutputStream();
			for (SseFrame frame : this.pending) {
				body.write(frame.bytes());
			}
			body.flush();
			this.output = body;
		}
		catch (IOException | RuntimeException ex) {
			this.open = false;
			if (logger.isDebugEnabled()) {
				logger.debug("SSE stream ended before it opened, its client gone: " + ex);
			}
			endBeforeTakenUp();
		}
		finally {
			this.pending.clear();
		}
	}

	private void sendPendingThroughSpringMvc() {
		byte[] bytes = concatenate(this.pending.toArray(new SseFrame[0]), this.pending.size());
		this.pending.clear();
		try {
			super.send(Collections.singleton(new DataWithMediaType(bytes, MediaType.TEXT_PLAIN)));
		}
		catch (IOException ex) {
			// not written before Spring MVC starts the asynchronous request, so never fails here
			this.open = false;
		}
	}

	@Override
	public void onCompletion(Runnable callback) {
		super.onCompletion(callback);
		this.completionCallbacks.add(callback);
	}

	private static boolean isHeadRequest() {
		return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
				&& HttpMethod.HEAD.matches(attributes.getRequest().getMethod());
	}

	/**
	 * Whether the servlet container reports a write that failed to Spring MVC by itself.
	 * Tomcat does, through {@code AsyncListener.onError}; Jetty and Undertow do not.
	 */
	private static boolean reportsFailedWrites(ServletResponse response) {
		ServletResponse containerResponse = response;
		while (containerResponse instanceof ServletResponseWrapper wrapper) {
			containerResponse = wrapper.getResponse();
		}
		return containerResponse.getClass().getName().startsWith("org.apache.catalina.");
	}

	private static void askForSmallBuffer(HttpServletResponse response) {
		try {
			response.setBufferSize(RESPONSE_BUFFER_SIZE);
		}
		catch (IllegalStateException ex) {
			// a filter wrote to the response already: keep the buffer the container gave it
		}
	}

	/**
	 * Send an event, encoded once, in one write and one flush.
	 * @param event the event
	 * @return {@code true} if it was written, {@code false} if the client has gone away or
	 * the stream is complete
	 */
	public boolean send(SseEvent event) {
		return send(SseEventEncoder.encode(event));
	}

	/**
	 * Send an event with a name and text data.
	 * @param name the event name
	 * @param data the data, sent as is
	 * @return {@code true} if it was written, {@code false} if the client has gone away
	 */
	public boolean send(String name, String data) {
		return send(SseEvent.of(name, data));
	}

	/**
	 * Send a comment, which clients ignore; useful as a keep-alive.
	 * @param comment the comment text
	 * @return {@code true} if it was written, {@code false} if the client has gone away
	 */
	public boolean comment(String comment) {
		return send(SseEventEncoder.comment(comment));
	}

	/**
	 * Send an already encoded frame.
	 * @param frame the frame
	 * @return {@code true} if it was written, {@code false} if the client has gone away
	 */
	public boolean send(SseFrame frame) {
		return write(new SseFrame[] { frame }, 1);
	}

	/**
	 * Send several encoded frames with one flush, so that they leave in as few packets as
	 * the container's buffer allows.
	 * @param frames the frames; only the first {@code count} are sent
	 * @param count how many frames to send
	 * @return {@code true} if they were written, {@code false} if the client has gone away
	 */
	@Override
	public boolean send(SseFrame[] frames, int count) {
		return write(frames, count);
	}

	private boolean write(SseFrame[] frames, int count) {
		this.writeLock.lock();
		try {
			if (!this.open) {
				return false;
			}
			if (this.output != null) {
				for (int i = 0; i < count; i++) {
					this.output.write(frames[i].bytes());
				}
				this.output.flush();
			}
			else if (!this.takenUp) {
				// written when Spring MVC takes the stream up, after the opening frame
				for (int i = 0; i < count; i++) {
					this.pending.add(frames[i]);
				}
			}
			else {
				byte[] bytes = concatenate(frames, count);
				super.send(Collections.singleton(new DataWithMediaType(bytes, MediaType.TEXT_PLAIN)));
			}
			return true;
		}
		catch (IOException | RuntimeException ex) {
			this.open = false;
			if (logger.isTraceEnabled()) {
				logger.trace("Write to SSE stream failed: " + ex);
			}
			if (!this.containerReportsFailedWrites) {
				endAfterFailedWrite(ex);
			}
			return false;
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * End the request of a stream whose write failed, on a container that would otherwise
	 * keep it open until it times out. Spring MVC then ends it through
	 * SseStreamExceptionResolver, which logs it as one DEBUG line. On Tomcat the container's
	 * own report does that, and a second one from here could race with it.
	 */
	private void endAfterFailedWrite(Exception failure) {
		try {
			super.completeWithError(failure);
		}
		catch (RuntimeException ex) {
			// the container ended the request meanwhile, a timeout say
			if (logger.isTraceEnabled()) {
				logger.trace("SSE stream already ended after a failed write: " + ex);
			}
		}
	}

	private static byte[] concatenate(SseFrame[] frames, int count) {
		if (count == 1) {
			return frames[0].bytes();
		}
		int length = 0;
		for (int i = 0; i < count; i++) {
			length += frames[i].length();
		}
		byte[] bytes = new byte[length];
		int offset = 0;
		for (int i = 0; i < count; i++) {
			byte[] frame = frames[i].bytes();
			System.arraycopy(frame, 0, bytes, offset, frame.length);
			offset += frame.length;
		}
		return bytes;
	}

	/**
	 * Whether the stream is still open: not completed, timed out or failed.
	 * @return whether events can still be sent
	 */
	public boolean isOpen() {
		return this.open;
	}

	@Override
	public void complete() {
		this.writeLock.lock();
		try {
			this.open = false;
			super.complete();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	@Override
	public void completeWithError(Throwable ex) {
		this.writeLock.lock();
		try {
			this.open = false;
			super.completeWithError(ex);
		}
		finally {
			this.writeLock.unlock();
		}
	}

}
