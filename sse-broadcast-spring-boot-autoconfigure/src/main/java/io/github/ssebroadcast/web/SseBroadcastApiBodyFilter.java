package io.github.ssebroadcast.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * Reads the body of a request to the JSON broadcast endpoint without holding a request
 * thread, and within a deadline, before Spring MVC handles the request.
 * <p>A blocking read holds its thread for as long as the client takes to send the body: a
 * few hundred clients that send a byte now and then would hold every request thread, and the
 * application would answer nobody, stream or API, until the container's read timeout. Here
 * the body is read with the Servlet API's non-blocking input, a {@link ReadListener}, in an
 * asynchronous request whose timeout is the deadline; then the request is dispatched again,
 * with the body (or what is wrong with it) as a request attribute, to the controller, which
 * answers as usual. A body that is not complete by the deadline gets a {@code 408}.
 * <p>What the headers tell, a wrong {@code Accept} or {@code Content-Type}, or a
 * {@code Content-Length} over the limit, is answered without reading the body at all. A
 * request that expects {@code 100 Continue} is read the usual way, by the controller: Tomcat
 * sends {@code 100 Continue} only when a blocking read asks for the body, and a non-blocking
 * read would wait for a body the client never sends.
 */
public class SseBroadcastApiBodyFilter implements Filter {

	private static final String EXPECT_CONTINUE = "100-continue";

	static final String BODY_ATTRIBUTE = SseBroadcastApiBodyFilter.class.getName() + ".body";

	static final String FAILURE_ATTRIBUTE = SseBroadcastApiBodyFilter.class.getName() + ".failure";

	private final SseBroadcastRequestReader reader;

	private final Duration readTimeout;

	/**
	 * Create a filter.
	 * @param maxBodySize the largest accepted body, in bytes
	 * @param readTimeout how long a body may take to arrive
	 */
	public SseBroadcastApiBodyFilter(int maxBodySize, Duration readTimeout) {
		this.reader = new SseBroadcastRequestReader(maxBodySize);
		this.readTimeout = readTimeout;
	}

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		if (!(request instanceof HttpServletRequest httpRequest) || request.getDispatcherType() != DispatcherType.REQUEST
				|| !HttpMethod.POST.matches(httpRequest.getMethod()) || !request.isAsyncSupported()) {
			chain.doFilter(request, response);
			return;
		}
		try {
			this.reader.checkHeaders(httpRequest);
		}
		catch (SseBroadcastRequestException ex) {
			request.setAttribute(FAILURE_ATTRIBUTE, ex);
			chain.doFilter(request, response);
			return;
		}
		if (EXPECT_CONTINUE.equalsIgnoreCase(httpRequest.getHeader(HttpHeaders.EXPECT))) {
			// Tomcat sends 100 Continue only for a blocking read: read it there, in the controller
			chain.doFilter(request, response);
			return;
		}
		AsyncContext async = request.startAsync(request, response);
		async.setTimeout(this.readTimeout.toMillis());
		BodyReader body = new BodyReader(async, request.getInputStream(), this.reader.getMaxBodySize());
		async.addListener(body);
		request.getInputStream().setReadListener(body);
	}

	/**
	 * Reads the body as it arrives, then dispatches the request again, once, however the
	 * read ended: complete, too large, broken, or past the deadline.
	 */
	private final class BodyReader implements ReadListener, AsyncListener {

		private final AsyncContext async;

		private final ServletInputStream input;

		private final int maxBodySize;

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		private final byte[] buffer = new byte[8192];

		private final AtomicBoolean done = new AtomicBoolean();

		BodyReader(AsyncContext async, ServletInputStream input, int maxBodySize) {
			this.async = async;
			this.input = input;
			this.maxBodySize = maxBodySize;
		}

		@Override
		public void onDataAvailable() throws IOException {
			while (!this.done.get() && this.input.isReady()) {
				int read = this.input.read(this.buffer);
				if (read == -1) {
					return;
				}
				if (this.body.size() + read > this.maxBodySize) {
					fail(SseBroadcastApiBodyFilter.this.reader.tooLarge());
					return;
				}
				this.body.write(this.buffer, 0, read);
			}
		}

		@Override
		public void onAllDataRead() {
			if (this.body.size() == 0) {
				fail(SseBroadcastRequestReader.missingBody());
			}
			else if (this.done.compareAndSet(false, true)) {
				this.async.getRequest().setAttribute(BODY_ATTRIBUTE, this.body.toByteArray());
				this.async.dispatch();
			}
		}

		@Override
		public void onError(Throwable ex) {
			fail(SseBroadcastRequestReader.unreadable(ex));
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			fail(new SseBroadcastRequestException(HttpStatus.REQUEST_TIMEOUT, null,
					"Request body did not arrive within " + SseBroadcastApiBodyFilter.this.readTimeout.toMillis()
							+ " ms; send it at once"));
		}

		@Override
		public void onError(AsyncEvent event) {
			fail(SseBroadcastRequestReader.unreadable(event.getThrowable()));
		}

		@Override
		public void onComplete(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

		private void fail(SseBroadcastRequestException failure) {
			if (this.done.compareAndSet(false, true)) {
				this.async.getRequest().setAttribute(FAILURE_ATTRIBUTE, failure);
				this.async.dispatch();
			}
		}

	}

}
