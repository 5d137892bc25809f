package io.github.ssebroadcast.servlet;

import java.io.IOException;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Keeps a client that went away from being recorded as the error of its stream's request in
 * the request's observation, which Actuator's {@code http.server.requests} metric and traces
 * are made from.
 * <p>A container tells every {@link AsyncListener} of an asynchronous request that a write
 * failed because the client went away, or that the stream closed the connection of a client
 * that stopped reading. Spring MVC takes that for a disconnected client, not an error, but
 * the listener of {@link ServerHttpObservationFilter} records it as the observation's error,
 * and the request is then counted with {@code exception=IOException}. This listener takes
 * that error back off the observation before it stops: on the request's completion, as it
 * is registered before the filter's listener, and on the error itself, for a request whose
 * filter listener came first.
 */
final class ClientDepartureListener implements AsyncListener {

	private final HttpServletRequest request;

	/** The container's report of the client's departure, once it came. */
	@Nullable
	private volatile Throwable departure;

	private ClientDepartureListener(HttpServletRequest request) {
		this.request = request;
	}

	/**
	 * Listen to an asynchronous request that has started.
	 * @param request the request
	 */
	static void listenTo(HttpServletRequest request) {
		if (request.isAsyncStarted()) {
			request.getAsyncContext().addListener(new ClientDepartureListener(request));
		}
	}

	@Override
	public void onError(AsyncEvent event) {
		Throwable error = unwrap(event.getThrowable());
		if (isDeparture(error)) {
			this.departure = error;
			forgetDeparture();
		}
	}

	@Override
	public void onComplete(AsyncEvent event) {
		forgetDeparture();
	}

	@Override
	public void onTimeout(AsyncEvent event) {
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

	private void forgetDeparture() {
		Throwable departure = this.departure;
		if (departure != null) {
			ServerHttpObservationFilter.findObservationContext(this.request)
				.filter((context) -> context.getError() == departure)
				.ifPresent((context) -> context.setError(null));
		}
	}

	/**
	 * Whether an error the container reported means that the client went away: an I/O
	 * failure, as Spring MVC takes it ({@code WebAsyncManager}), the stream's own for a
	 * client that stopped reading among them.
	 */
	private static boolean isDeparture(@Nullable Throwable error) {
		return error instanceof IOException || DisconnectedClientHelper.isClientDisconnectedException(error);
	}

	/**
	 * The error as the observation filter records it.
	 */
	@Nullable
	private static Throwable unwrap(@Nullable Throwable error) {
		if (error instanceof ServletException && error.getCause() != null) {
			return error.getCause();
		}
		return error;
	}

}
