package io.github.ssebroadcast.servlet;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import org.apache.catalina.connector.Response;
import org.apache.catalina.connector.ResponseFacade;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.ActionCode;

import org.springframework.util.ReflectionUtils;

/**
 * Closes the connection of an asynchronous request at once, dropping what the container
 * still holds for its client. The servlet API has no way to: completing the request, even
 * with an error, makes Tomcat and Jetty keep the connection until they have written what
 * they hold, which a client that stopped reading never lets them do, so they keep it until
 * their own timeouts. This reaches into each container for the one call that does it, and
 * does nothing on other containers.
 * <p>It also takes back the error Tomcat keeps for a request whose write failed because its
 * client had gone, which the servlet API cannot remove either.
 */
final class ContainerConnections {

	private static final Log logger = LogFactory.getLog(ContainerConnections.class);

	private ContainerConnections() {
	}

	/**
	 * Close the connection of the given request at once.
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
				return Jetty.closeNow(containerRequest, failure);
			}
		}
		catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
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
	 * the connection and reports the error to the asynchronous request's listeners.
	 */
	private static final class Tomcat {

		private static final Field RESPONSE = responseField();

		private static Field responseField() {
			Field field = ReflectionUtils.findField(ResponseFacade.class, "response");
			if (field == null) {
				throw new IllegalStateException("No response in Tomcat's ResponseFacade");
			}
			ReflectionUtils.makeAccessible(field);
			return field;
		}

		static boolean closeNow(ServletResponse response, Throwable failure) {
			if (!(response instanceof ResponseFacade facade)
					|| !(ReflectionUtils.getField(RESPONSE, facade) instanceof Response connectorResponse)) {
				return false;
			}
			connectorResponse.getCoyoteResponse().action(ActionCode.CLOSE_NOW, failure);
			return true;
		}

		/**
		 * Remove the request's error that Tomcat set when the write failed, the cause of what
		 * the write threw (Tomcat and Spring MVC wrap it), and no other.
		 */
		static void forgetFailedWrite(ServletResponse response, Throwable failure) {
			if (!(response instanceof ResponseFacade facade)
					|| !(ReflectionUtils.getField(RESPONSE, facade) instanceof Response connectorResponse)) {
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
	 * Jetty: aborting the request's servlet channel, in the package of the Jakarta EE
	 * version it runs ({@code ee10} with Spring Boot 3.5, {@code ee11} with Spring Boot 4).
	 */
	private static final class Jetty {

		static boolean closeNow(ServletRequest request, Throwable failure) throws ReflectiveOperationException {
			String servletPackage = request.getClass().getPackageName();
			ClassLoader classLoader = request.getClass().getClassLoader();
			Class<?> contextRequest = Class.forName(servletPackage + ".ServletContextRequest", false, classLoader);
			Object servletContextRequest = contextRequest.getMethod("getServletContextRequest", ServletRequest.class)
				.invoke(null, request);
			if (servletContextRequest == null) {
				return false;
			}
			Object channel = contextRequest.getMethod("getServletChannel").invoke(servletContextRequest);
			Method abort = channel.getClass().getMethod("abort", Throwable.class);
			abort.invoke(channel, failure);
			return true;
		}

	}

}
