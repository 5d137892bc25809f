package io.github.ssebroadcast.servlet;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import org.apache.catalina.connector.OutputBuffer;
import org.apache.catalina.connector.Response;
import org.apache.catalina.connector.ResponseFacade;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.ActionCode;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Closes the connection of an asynchronous request at once, dropping what the container
 * still holds for its client. The servlet API has no way to: completing the request, even
 * with an error, makes Tomcat and Jetty keep the connection until they have written what
 * they hold, which a client that stopped reading never lets them do, so they keep it until
 * their own timeouts. This reaches into each container for the calls that do it, and does
 * nothing on other containers. Either way the caller then completes the request, and the
 * request's listeners hear of it as of any other.
 * <p>It also takes back the error Tomcat keeps for a request whose write failed because its
 * client had gone, which the servlet API cannot remove either.
 */
final class ContainerConnections {

	private static final Log logger = LogFactory.getLog(ContainerConnections.class);

	private ContainerConnections() {
	}

	/**
	 * Close the connection of the given request at once, and have the container drop what
	 * it holds for the client when the caller completes the request, which it does next.
	 * @param request the request
	 * @param response its response
	 * @param failure why, which the container reports to the request's listeners
	 * @return whether the container was asked to close it
	 */
	static boolean closeNow(ServletRequest request, ServletResponse response, Throwable failure) {
		ServletRequest containerRequest = unwrap(request);
		ServletResponse containerResponse = unwrap(response);
		try {
			if (containerResponse.getClass().getName().startsWith("org.apache.catalina.")) {
				return Tomcat.closeNow(containerResponse, failure);
			}
			if (containerRequest.getClass().getName().startsWith("org.eclipse.jetty.")) {
				return Jetty.closeNow(containerRequest, containerResponse, failure);
			}
		}
		catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Could not close the connection of an SSE stream at once: " + ex);
			}
		}
		return false;
	}

	/**
	 * Forget that a write of a request that has not gone asynchronous failed because its
	 * client had gone. Tomcat keeps the failure as the request's error
	 * ({@code jakarta.servlet.error.exception}), where no application can remove it, and
	 * Spring's {@code ServerHttpObservationFilter} records it as the error of the request,
	 * which Spring MVC ended normally.
	 * @param response the request's response
	 * @param failure what the write threw
	 */
	static void forgetFailedWrite(ServletResponse response, Throwable failure) {
		ServletResponse containerResponse = unwrap(response);
		try {
			if (containerResponse.getClass().getName().startsWith("org.apache.catalina.")) {
				Tomcat.forgetFailedWrite(containerResponse, failure);
			}
		}
		catch (RuntimeException | LinkageError ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Could not forget the failed write of an SSE stream: " + ex);
			}
		}
	}

	private static ServletRequest unwrap(ServletRequest request) {
		ServletRequest unwrapped = request;
		while (unwrapped instanceof ServletRequestWrapper wrapper) {
			unwrapped = wrapper.getRequest();
		}
		return unwrapped;
	}

	private static ServletResponse unwrap(ServletResponse response) {
		ServletResponse unwrapped = response;
		while (unwrapped instanceof ServletResponseWrapper wrapper) {
			unwrapped = wrapper.getResponse();
		}
		return unwrapped;
	}

	/**
	 * Tomcat: the action its own error handling takes for a committed response, which closes
	 * the connection and reports the error to the asynchronous request's listeners, once
	 * what the response buffer holds is dropped, so that ending the request writes nothing.
	 */
	private static final class Tomcat {

		private static final Field RESPONSE = field(ResponseFacade.class, "response");

		private static final Field OUTPUT_BUFFER = field(Response.class, "outputBuffer");

		private static Field field(Class<?> type, String name) {
			Field field = ReflectionUtils.findField(type, name);
			if (field == null) {
				throw new IllegalStateException("No " + name + " in Tomcat's " + type.getSimpleName());
			}
			ReflectionUtils.makeAccessible(field);
			return field;
		}

		/**
		 * The connector's response behind the facade the application sees, if it is one.
		 */
		@Nullable
		private static Response connectorResponse(ServletResponse response) {
			return (response instanceof ResponseFacade facade
					&& ReflectionUtils.getField(RESPONSE, facade) instanceof Response connectorResponse)
							? connectorResponse : null;
		}

		static boolean closeNow(ServletResponse response, Throwable failure) {
			Response connectorResponse = connectorResponse(response);
			if (connectorResponse == null) {
				return false;
			}
			if (ReflectionUtils.getField(OUTPUT_BUFFER, connectorResponse) instanceof OutputBuffer buffer) {
				// what the response buffer holds, the tail of a write that the socket took no
				// more of, would be written blocking when the request ends, as its non-blocking
				// output ends with it: to a client that reads nothing, that write would hold a
				// request thread, and the request, until the connection timeout
				buffer.reset();
			}
			connectorResponse.getCoyoteResponse().action(ActionCode.CLOSE_NOW, failure);
			return true;
		}

		/**
		 * Remove the request's error that Tomcat set when the write failed, the cause of what
		 * the write threw (Tomcat and Spring MVC wrap it), and no other.
		 */
		static void forgetFailedWrite(ServletResponse response, Throwable failure) {
			Response connectorResponse = connectorResponse(response);
			if (connectorResponse == null) {
				return;
			}
			Map<String, Object> attributes = connectorResponse.getRequest().getCoyoteRequest().getAttributes();
			Object error = attributes.get(RequestDispatcher.ERROR_EXCEPTION);
			for (Throwable cause = failure; cause != null && error != null; cause = cause.getCause()) {
				if (cause == error) {
					attributes.remove(RequestDispatcher.ERROR_EXCEPTION);
					return;
				}
			}
		}

	}

	/**
	 * Jetty: closing the endpoint of an HTTP/1.x request, whose connection carries that one
	 * request: its waiting write fails, so the request completes at once when the caller
	 * completes it. A connection of another protocol carries other requests too, and is left
	 * open: Jetty aborts the response of a request that completes while a write waits for
	 * its client ({@code HttpOutput.complete}: "Completed whilst write unready"), once the
	 * output has said it is not ready, which asking it makes sure of.
	 * <p>Aborting the request's servlet channel ({@code ServletChannel.abort}) would close the
	 * connection too, but it marks the request completed without telling its listeners:
	 * Spring MVC's would never end the request, nor the observation filter's its observation,
	 * so {@code http.server.requests} would never record it and
	 * {@code http.server.requests.active} would count it for good. Completed normally, the
	 * response of an HTTP/1.1 request that asks for {@code Connection: close} would keep its
	 * connection half closed until the client closes it, which one that reads nothing never
	 * does, or until Jetty's idle timeout.
	 */
	private static final class Jetty {

		static boolean closeNow(ServletRequest request, ServletResponse response, Throwable failure)
				throws ReflectiveOperationException, IOException {
			String servletPackage = request.getClass().getPackageName();
			ClassLoader classLoader = request.getClass().getClassLoader();
			Class<?> contextRequest = Class.forName(servletPackage + ".ServletContextRequest", false, classLoader);
			if (!(contextRequest.getMethod("getServletContextRequest", ServletRequest.class)
				.invoke(null, request) instanceof Request jettyRequest)) {
				return false;
			}
			// Jetty takes a write that has not gone out for one that waits only once the output
			// has said that it is not ready
			ServletOutputStream output = response.getOutputStream();
			output.isReady();
			ConnectionMetaData connection = jettyRequest.getConnectionMetaData();
			if (HttpVersion.HTTP_1_1.is(connection.getProtocol()) || HttpVersion.HTTP_1_0.is(connection.getProtocol())) {
				connection.getConnection().getEndPoint().close(failure);
			}
			return true;
		}

	}

}
