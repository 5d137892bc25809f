package io.github.ssebroadcast.servlet;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.SseConnection;
import io.github.ssebroadcast.broadcast.SseDataSerializer;
import io.github.ssebroadcast.broadcast.SseTransport;
import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.event.SseEventEncoder;
import io.github.ssebroadcast.event.SseFrame;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.WriteListener;
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
import org.springframework.util.Assert;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.context.request.async.DeferredResultProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncUtils;
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
 * <li>never blocks a thread on a client that stopped reading: once the asynchronous request
 * has started, it writes through the servlet container's non-blocking output
 * ({@link WriteListener}), only while the socket takes bytes. What a client does not take
 * waits in a backlog bounded in bytes; a stream whose backlog would pass the bound, or whose
 * client has taken nothing for the write timeout, is ended;</li>
 * <li>asks for a small response buffer, as every write is flushed at once;</li>
 * <li>answers a {@code HEAD} request with the stream's headers and ends at once, running
 * its completion callbacks and refusing further sends, as the container would drop them
 * without ever failing;</li>
 * <li>ends itself the same way when the request that opened it ends without it, because
 * its handler threw or returned something else;</li>
 * <li>reports a client that went away as {@code false} from {@code send}, never an
 * exception, and as one DEBUG line, never a stack trace, and ends its request even on
 * containers that do not report the failed write themselves, such as Jetty;</li>
 * <li>keeps a client that went away from being recorded as the error of its request's
 * observation, which Actuator's {@code http.server.requests} metric is made from, as
 * the containers report it as one, Tomcat even for a request that ended before it went
 * asynchronous.</li>
 * </ul>
 * <p>{@code send} may be called from any thread, and returns at once: it writes on the
 * calling thread while the client's socket takes bytes, and otherwise leaves the event in
 * the backlog, which the container's next write-possible callback sends. A controller that
 * waits between events should send from a scheduler rather than sleep on a request thread.
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

	/** Default bound of the backlog of a stream: the bound of a broadcast client's queue. */
	public static final long DEFAULT_MAX_BACKLOG_BYTES = DefaultSseBroadcaster.DEFAULT_CLIENT_QUEUE_MAX_BYTES;

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
	 * The frames sent and not yet written: those sent before Spring MVC takes the stream up,
	 * the opening frame first, which are written when it does, and those sent while the
	 * client's socket takes no more.
	 */
	private final ArrayDeque<SseFrame> backlog = new ArrayDeque<>();

	private long backlogBytes;

	private final long maxBacklogBytes;

	private final long writeTimeoutNanos;

	/**
	 * Since when the client's socket takes no more of what was written, from
	 * {@link System#nanoTime()}, or 0: until the container says it can write again, the client
	 * has taken nothing.
	 */
	private long waitingSince;

	/** The pending check of the write deadline of a per-connection stream, if any. */
	@Nullable
	private volatile ScheduledFuture<?> writeDeadline;

	/** The request and response, once taken up, to close the connection of a stalled client. */
	@Nullable
	private HttpServletRequest servletRequest;

	@Nullable
	private HttpServletResponse servletResponse;

	/** The response's output stream, once the backlog is written to it. */
	@Nullable
	private ServletOutputStream output;

	/**
	 * Whether writes go through the container's non-blocking output, which they do once the
	 * asynchronous request has started; before, only the first frames are written, blocking.
	 */
	private boolean nonBlocking;

	/** Whether the stream was aborted before Spring MVC took it up. */
	private volatile boolean abortedBeforeTakenUp;

	/** Whether the container refused non-blocking output, so writes block. */
	private boolean blocking;

	/**
	 * Whether the output said it is ready and nothing was written or flushed since: each
	 * {@code isReady()} of Tomcat's allocates, and it is asked before every write anyway.
	 */
	private boolean knownReady;

	/**
	 * Whether the stream completes once the client has taken what was written: completing
	 * makes Spring MVC flush the response, which non-blocking output forbids while a write
	 * is still going on.
	 */
	private boolean completeWhenWritten;

	/**
	 * Whether the last write was not flushed, as the socket took no more: the container may
	 * keep its tail in the response buffer until a flush.
	 */
	private boolean unflushed;

	@Nullable
	private volatile SseDataSerializer dataSerializer;

	/** The broadcaster's client that this stream is the transport of, if any. */
	@Nullable
	private volatile SseConnection connection;

	/**
	 * Create a stream that sends the given reconnect time at once.
	 * @param timeout how long the stream may stay open, or {@code null} for no limit
	 * @param reconnectTime the {@code retry:} sent when the stream opens
	 */
	public SseStream(@Nullable Duration timeout, Duration reconnectTime) {
		this(timeout, SseEventEncoder.reconnectTime(reconnectTime));
	}

	/**
	 * Create a stream that sends the given frame at once, with the default bound of its
	 * backlog and write timeout.
	 * @param timeout how long the stream may stay open, or {@code null} for no limit
	 * @param openingFrame the frame sent when the stream opens, which commits the response
	 * and so should carry at least a {@code retry:} line or a comment
	 */
	public SseStream(@Nullable Duration timeout, SseFrame openingFrame) {
		this(timeout, openingFrame, DEFAULT_MAX_BACKLOG_BYTES, DefaultSseBroadcaster.DEFAULT_WRITE_TIMEOUT);
	}

	/**
	 * Create a stream.
	 * @param timeout how long the stream may stay open, or {@code null} for no limit
	 * @param openingFrame the frame sent when the stream opens, or {@code null} for a stream
	 * whose first frame its broadcaster sends
	 * @param maxBacklogBytes the most bytes of events that may wait for the client
	 * @param writeTimeout how long the client may take nothing while events wait for it
	 */
	SseStream(@Nullable Duration timeout, @Nullable SseFrame openingFrame, long maxBacklogBytes,
			Duration writeTimeout) {
		// 0 means no timeout to the servlet container, whatever spring.mvc.async.request-timeout says
		super((timeout != null) ? timeout.toMillis() : 0L);
		this.maxBacklogBytes = maxBacklogBytes;
		this.writeTimeoutNanos = writeTimeout.toNanos();
		onCompletion(() -> {
			this.open = false;
			cancelWriteDeadline();
		});
		onError((ex) -> this.open = false);
		onTimeout(() -> {
			// end the response normally rather than as an async request timeout error
			this.open = false;
			complete();
		});
		if (openingFrame != null) {
			this.backlog.add(openingFrame);
			this.backlogBytes = openingFrame.length();
		}
		endIfRequestEndsWithoutIt();
	}

	/**
	 * Make this stream the transport of a broadcaster's client, which it then tells when its
	 * socket takes bytes again and when it ended.
	 * @param connection the client
	 */
	void connectTo(SseConnection connection) {
		this.connection = connection;
		onCompletion(connection::ended);
		onTimeout(connection::ended);
		onError((ex) -> connection.ended());
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
							runCompletionCallbacks();
						}
					}, RequestAttributes.SCOPE_REQUEST);
		}
	}

	/**
	 * End a stream that Spring MVC has not taken up: refuse further sends. The caller then
	 * runs the completion callbacks, which Spring MVC will not, without holding the lock.
	 */
	private void endBeforeTakenUp() {
		this.writeLock.lock();
		try {
			this.open = false;
			this.completeWhenWritten = false;
			clearBacklog();
			completeNow();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private void runCompletionCallbacks() {
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
		if (this.abortedBeforeTakenUp) {
			// ended already, for a client sent more than it may hold: its connection must not
			// be kept alive, as a client that reads nothing would hold it until the container's
			// idle timeout
			headers.set(HttpHeaders.CONNECTION, "close");
		}
		boolean ended = false;
		this.writeLock.lock();
		try {
			// under the lock: a send meanwhile must join the backlog, not Spring MVC's early sends
			this.takenUp = true;
			if (isHeadRequest()) {
				// the container drops what is written to a HEAD response, so no write would ever
				// fail and tell that the client has gone: end at once, and refuse further sends
				clearBacklog();
				endBeforeTakenUp();
				ended = true;
			}
			else if (outputMessage instanceof ServletServerHttpResponse servletResponse) {
				ended = !writeBacklogAndCommit(servletResponse);
			}
			else {
				// no servlet response to write to: Spring MVC's early sends, which block
				writeBlocking();
			}
		}
		finally {
			this.writeLock.unlock();
		}
		if (ended) {
			// once the lock is released: a callback may send to a broadcaster, whose send lock
			// a publisher may hold while it waits for this stream's lock to abort it
			runCompletionCallbacks();
		}
	}

	/**
	 * Write the backlog's first frames, which commits the response.
	 * @return {@code false} if the client has gone, and the stream ended
	 */
	private boolean writeBacklogAndCommit(ServletServerHttpResponse outputMessage) {
		HttpServletResponse response = outputMessage.getServletResponse();
		this.containerReportsFailedWrites = reportsFailedWrites(response);
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			// Spring MVC does this later, for its own writes: a caching filter would keep these
			ShallowEtagHeaderFilter.disableContentCaching(attributes.getRequest());
			this.servletRequest = attributes.getRequest();
			this.servletResponse = response;
		}
		if (!response.isCommitted()) {
			askForSmallBuffer(response);
		}
		try {
			// sets the headers on the response; the stream it returns does not flush
			outputMessage.getBody();
			ServletOutputStream body = response.getOutputStream();
			// blocking, on a connection that has taken nothing yet, so only as much as its
			// socket surely takes at once: the opening frame, as a rule; the rest goes
			// through non-blocking output
			int written = 0;
			while (!this.backlog.isEmpty() && written + this.backlog.peek().length() <= RESPONSE_BUFFER_SIZE) {
				SseFrame frame = this.backlog.poll();
				body.write(frame.bytes());
				written += frame.length();
				this.backlogBytes -= frame.length();
			}
			body.flush();
			this.output = body;
			if (!this.abortedBeforeTakenUp && this.completeWhenWritten && this.backlog.isEmpty()) {
				this.completeWhenWritten = false;
				completeNow();
				return true;
			}
			switchToNonBlockingOnceAsync();
			return true;
		}
		catch (IOException | RuntimeException ex) {
			this.open = false;
			clearBacklog();
			if (logger.isDebugEnabled()) {
				logger.debug("SSE stream ended before it opened, its client gone: " + ex);
			}
			if (ex instanceof IOException) {
				// the request ends normally, without going asynchronous: not as a failed one
				ContainerConnections.forgetFailedWrite(response, ex);
			}
			endBeforeTakenUp();
			return false;
		}
	}

	/**
	 * Switch to the container's non-blocking output as soon as Spring MVC has started the
	 * asynchronous request, which it does right after this stream is taken up: non-blocking
	 * output may only be asked for in an asynchronous request. Until then, the stream is not
	 * ready for its broadcaster, and what is sent waits in the backlog.
	 */
	private void switchToNonBlockingOnceAsync() {
		HttpServletRequest request = this.servletRequest;
		if (request != null) {
			WebAsyncUtils.getAsyncManager(request)
				.registerDeferredResultInterceptor(SseStream.class.getName() + "." + System.identityHashCode(this),
						new DeferredResultProcessingInterceptor() {

							@Override
							public <T> void preProcess(NativeWebRequest request, DeferredResult<T> deferredResult) {
								switchToNonBlocking();
							}

						});
		}
		else {
			writeBlocking();
		}
	}

	private void switchToNonBlocking() {
		this.writeLock.lock();
		try {
			HttpServletRequest request = this.servletRequest;
			HttpServletResponse response = this.servletResponse;
			if (request != null) {
				// a client that goes away from now on is reported to the request's listeners
				ClientDepartureListener.listenTo(request);
			}
			if (this.abortedBeforeTakenUp && request != null && response != null) {
				// what the stream was sent before it was taken up ended it: now that the request
				// is asynchronous, its connection can be closed as a stalled client's is
				ContainerConnections.closeNow(request, response,
						new SseClientStalledException("SSE stream ended before it was taken up"));
				return;
			}
			ServletOutputStream body = this.output;
			if ((!this.open && !this.completeWhenWritten) || body == null) {
				return;
			}
			// the container calls onWritePossible once it is set, and the backlog goes then
			body.setWriteListener(new BacklogWriter());
			this.nonBlocking = true;
			return;
		}
		catch (IllegalStateException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("SSE stream writes blocking, as the container refused non-blocking output: " + ex);
			}
			writeBlocking();
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Write blocking from now on, where non-blocking output cannot be had: the backlog now,
	 * and the broadcaster's writer, which waits for a write-possible callback that will not
	 * come, goes on. Under the write lock.
	 */
	private void writeBlocking() {
		this.blocking = true;
		writeBacklog();
		completeIfAllWritten();
		resumeConnection();
	}

	/**
	 * Complete a stream whose completion waited for what was sent to be written, once it is.
	 * Under the write lock.
	 */
	private void completeIfAllWritten() {
		if (this.completeWhenWritten && this.backlog.isEmpty() && isReadyNow()) {
			this.completeWhenWritten = false;
			completeNow();
		}
	}

	/**
	 * Tell the broadcaster's client, if any, that the stream takes frames again.
	 */
	private void resumeConnection() {
		SseConnection connection = this.connection;
		if (connection != null) {
			connection.writePossible();
		}
	}

	private void clearBacklog() {
		this.backlog.clear();
		this.backlogBytes = 0;
	}

	@Override
	public void onCompletion(Runnable callback) {
		super.onCompletion(callback);
		this.completionCallbacks.add(callback);
	}

	/**
	 * The failure a stream ends with when its client has stopped reading.
	 */
	static final class SseClientStalledException extends IOException {

		SseClientStalledException(String message) {
			super(message);
		}

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
	 * Send an event with a name and data: a {@link String} as is, any other object as JSON,
	 * with the application's mapper when the stream came from {@link SseStreams}. Named
	 * apart from {@code send}, whose {@code send(Object, MediaType)} form it would make
	 * ambiguous.
	 * @param name the event name
	 * @param data the data
	 * @return {@code true} if it was written, {@code false} if the client has gone away
	 * @throws IllegalArgumentException if the data is not a string and the stream has no
	 * serializer
	 */
	public boolean sendObject(String name, Object data) {
		Assert.notNull(data, "'data' must not be null");
		if (data instanceof String text) {
			return send(name, text);
		}
		SseDataSerializer serializer = this.dataSerializer;
		Assert.isTrue(serializer != null, () -> "No serializer for " + data.getClass().getName()
				+ " event data; send a String, or open the stream with SseStreams");
		return send(SseEvent.of(name, serializer.serialize(data)));
	}

	/**
	 * Set how data that is not a {@link String} is serialized.
	 * @param dataSerializer the serializer
	 */
	void setDataSerializer(SseDataSerializer dataSerializer) {
		this.dataSerializer = dataSerializer;
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
	 * @return {@code true} if it was written or waits in the backlog, {@code false} if the
	 * client has gone away, or was ended because its backlog would pass its bound or it has
	 * taken nothing for the write timeout
	 */
	public boolean send(SseFrame frame) {
		return send(new SseFrame[] { frame }, 1);
	}

	/**
	 * Send several encoded frames with one flush, so that they leave in as few packets as
	 * the container's buffer allows. A broadcaster's writer calls it only after
	 * {@link #isReady()} returned {@code true}; otherwise the frames wait in the backlog.
	 * @param frames the frames; only the first {@code count} are sent
	 * @param count how many frames to send
	 * @return {@code true} if they were written or wait in the backlog, {@code false} if the
	 * client has gone away
	 */
	@Override
	public boolean send(SseFrame[] frames, int count) {
		this.writeLock.lock();
		try {
			if (!this.open) {
				return false;
			}
			if (!this.backlog.isEmpty() || !isReadyNow()) {
				for (int i = 0; i < count; i++) {
					if (!addToBacklog(frames[i])) {
						return false;
					}
				}
				return true;
			}
			return write(frames, count);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Return whether the client's socket takes bytes now. When it does not, the container
	 * calls back once it does, and the stream tells its broadcaster's client.
	 * @return whether {@link #send(SseFrame[], int)} writes at once
	 */
	@Override
	public boolean isReady() {
		this.writeLock.lock();
		try {
			return !this.open || (this.backlog.isEmpty() && isReadyNow());
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Whether a write now goes to the socket without blocking, or into Spring MVC's early
	 * sends or the backlog of a stream not yet taken up. Under the write lock.
	 */
	private boolean isReadyNow() {
		if (!this.takenUp || this.blocking) {
			return true;
		}
		ServletOutputStream body = this.output;
		if (body == null || !this.nonBlocking) {
			return false;
		}
		if (!this.knownReady) {
			// true stays true until the next write or flush: asked again only after one
			this.knownReady = body.isReady();
			if (!this.knownReady && this.waitingSince == 0) {
				waitForClient();
			}
		}
		return this.knownReady;
	}

	/**
	 * Keep a frame for later, within the backlog's bound: past it, or when the client has
	 * taken nothing for the write timeout, end the stream. Under the write lock.
	 */
	private boolean addToBacklog(SseFrame frame) {
		if (!this.takenUp) {
			// written when Spring MVC takes the stream up, after the opening frame
			if (!this.backlog.isEmpty() && this.backlogBytes + frame.length() > this.maxBacklogBytes) {
				abortLocked("it was sent more than its backlog holds, " + this.maxBacklogBytes
						+ " bytes, before its handler returned it");
				return false;
			}
			this.backlog.add(frame);
			this.backlogBytes += frame.length();
			return true;
		}
		if (isPastWriteDeadline()) {
			abortLocked("its client has taken nothing for " + Duration.ofNanos(this.writeTimeoutNanos));
			return false;
		}
		if (!this.backlog.isEmpty() && this.backlogBytes + frame.length() > this.maxBacklogBytes) {
			abortLocked("its client is not keeping up: its backlog holds " + this.maxBacklogBytes + " bytes at most");
			return false;
		}
		this.backlog.add(frame);
		this.backlogBytes += frame.length();
		return true;
	}

	/**
	 * Start the write deadline, as the client's socket takes no more. A broadcaster watches
	 * the deadlines of its clients; a timer watches that of a per-connection stream, to which
	 * nothing more may be sent, or which completes only once what waits is written, so that a
	 * send would never find that the deadline has passed. Under the write lock.
	 */
	private void waitForClient() {
		this.waitingSince = nanoTimeNotZero();
		if (this.connection == null && this.writeDeadline == null) {
			this.writeDeadline = WriteDeadlines.schedule(this::checkWriteDeadline, this.writeTimeoutNanos);
		}
	}

	/**
	 * Whether the client has taken nothing for the write timeout. Under the write lock.
	 */
	private boolean isPastWriteDeadline() {
		long since = this.waitingSince;
		return since != 0 && System.nanoTime() - since >= this.writeTimeoutNanos;
	}

	/**
	 * End a per-connection stream whose client has taken nothing for the write timeout, or
	 * look again when it may have.
	 */
	private void checkWriteDeadline() {
		this.writeLock.lock();
		try {
			this.writeDeadline = null;
			if ((!this.open && !this.completeWhenWritten) || this.waitingSince == 0) {
				// ended, or the client took bytes: the next wait starts the deadline again
				return;
			}
			if (isPastWriteDeadline()) {
				abortLocked("its client has taken nothing for " + Duration.ofNanos(this.writeTimeoutNanos));
				return;
			}
			long left = this.writeTimeoutNanos - (System.nanoTime() - this.waitingSince);
			this.writeDeadline = WriteDeadlines.schedule(this::checkWriteDeadline, left);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private void cancelWriteDeadline() {
		ScheduledFuture<?> deadline = this.writeDeadline;
		if (deadline != null) {
			deadline.cancel(false);
		}
	}

	private static long nanoTimeNotZero() {
		long now = System.nanoTime();
		return (now != 0) ? now : 1;
	}

	/**
	 * Write the backlog while the socket takes bytes. Under the write lock.
	 */
	private void writeBacklog() {
		if (!this.backlog.isEmpty() && isReadyNow()) {
			SseFrame[] frames = this.backlog.toArray(new SseFrame[0]);
			clearBacklog();
			write(frames, frames.length);
		}
	}

	/**
	 * Write frames in one write and one flush, under the write lock, after the socket was
	 * found to take bytes. In non-blocking mode the container keeps what the socket does not
	 * take at once, and is then not ready until it has written it.
	 */
	private boolean write(SseFrame[] frames, int count) {
		ServletOutputStream body = this.output;
		try {
			if (body != null) {
				this.knownReady = false;
				body.write(concatenate(frames, count));
				// non-blocking output allows the flush only once the write has gone
				this.unflushed = this.nonBlocking && !isReadyNow();
				if (!this.unflushed) {
					this.knownReady = false;
					body.flush();
				}
			}
			else if (!this.takenUp) {
				for (int i = 0; i < count; i++) {
					if (!addToBacklog(frames[i])) {
						return false;
					}
				}
			}
			else {
				super.send(Collections.singleton(new DataWithMediaType(concatenate(frames, count), MediaType.TEXT_PLAIN)));
			}
			return true;
		}
		catch (IOException | RuntimeException ex) {
			failed(ex);
			return false;
		}
	}

	/**
	 * Flush what the last write left in the response buffer, once the socket takes bytes
	 * again. Under the write lock.
	 */
	private void flushWrittenTail() throws IOException {
		ServletOutputStream body = this.output;
		if (this.unflushed && body != null && isReadyNow()) {
			this.unflushed = false;
			this.knownReady = false;
			body.flush();
		}
	}

	private void completeNow() {
		super.complete();
	}

	private void failed(Throwable ex) {
		this.open = false;
		this.completeWhenWritten = false;
		clearBacklog();
		if (logger.isTraceEnabled()) {
			logger.trace("Write to SSE stream failed: " + ex);
		}
		if (!this.containerReportsFailedWrites) {
			endAfterFailedWrite(ex);
		}
	}

	/**
	 * End the stream at once, dropping its backlog and what the container still holds for
	 * the client: for a client that stopped reading, which a normal completion would wait for.
	 */
	@Override
	public void abort() {
		this.writeLock.lock();
		try {
			abortLocked("its client has stopped reading");
		}
		finally {
			this.writeLock.unlock();
		}
	}

	private void abortLocked(String reason) {
		if (!this.open && !this.completeWhenWritten) {
			return;
		}
		this.open = false;
		this.completeWhenWritten = false;
		clearBacklog();
		if (logger.isDebugEnabled()) {
			logger.debug("SSE stream ended: " + reason);
		}
		SseClientStalledException failure = new SseClientStalledException("SSE stream ended: " + reason);
		HttpServletRequest request = this.servletRequest;
		HttpServletResponse response = this.servletResponse;
		if (this.takenUp && request != null && response != null) {
			// completing alone would leave the connection to the container's own timeouts
			ContainerConnections.closeNow(request, response, failure);
		}
		else if (!this.takenUp) {
			this.abortedBeforeTakenUp = true;
		}
		endAfterFailedWrite(failure);
	}

	/**
	 * Writes the backlog, on a container thread, when the socket takes bytes again, and tells
	 * the broadcaster's client, whose writer then goes on.
	 */
	private final class BacklogWriter implements WriteListener {

		@Override
		public void onWritePossible() throws IOException {
			SseStream stream = SseStream.this;
			boolean open;
			stream.writeLock.lock();
			try {
				// the client took what waited
				stream.waitingSince = 0;
				stream.flushWrittenTail();
				stream.writeBacklog();
				stream.completeIfAllWritten();
				open = stream.open;
			}
			finally {
				stream.writeLock.unlock();
			}
			if (open) {
				stream.resumeConnection();
			}
		}

		@Override
		public void onError(Throwable ex) {
			SseStream stream = SseStream.this;
			stream.writeLock.lock();
			try {
				if (stream.open || stream.completeWhenWritten) {
					stream.failed(ex);
				}
			}
			finally {
				stream.writeLock.unlock();
			}
		}

	}

	/**
	 * End the request of a stream whose write failed, on a container that would otherwise
	 * keep it open until it times out. Spring MVC then ends it through
	 * SseStreamExceptionResolver, which logs it as one DEBUG line. On Tomcat the container's
	 * own report does that, and a second one from here could race with it.
	 */
	private void endAfterFailedWrite(Throwable failure) {
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

	/**
	 * Complete the stream after what was sent: at once, or, while the client has not taken
	 * everything yet, once it has.
	 */
	@Override
	public void complete() {
		this.writeLock.lock();
		try {
			this.open = false;
			if (!this.takenUp) {
				// completed once Spring MVC takes it up and what was sent is written, unless it
				// has ended already
				this.completeWhenWritten = !this.abortedBeforeTakenUp;
				return;
			}
			if (this.output != null && !this.blocking && (!this.backlog.isEmpty() || !isReadyNow())) {
				// the container calls onWritePossible once the client has taken it, or, before
				// the stream writes non-blocking, once it does
				this.completeWhenWritten = true;
				return;
			}
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
