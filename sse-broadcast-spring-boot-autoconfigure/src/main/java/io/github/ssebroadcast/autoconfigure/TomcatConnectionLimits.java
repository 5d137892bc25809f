package io.github.ssebroadcast.autoconfigure;

import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Fits Tomcat's connection limits to long-lived event streams, unless the application sets
 * them itself.
 * <p>Every open event stream holds a connection. Tomcat accepts 8,192 connections by
 * default, fewer than the 10,000 clients {@code sse.broadcast.max-clients} allows, and past
 * its limit the whole application, not only the stream, cannot be reached. Its accept queue
 * of 100 overflows when many clients connect at once, as they all do when a server restarts
 * and their browsers reconnect; the operating system then drops their connection attempts,
 * and each retries only a second or more later.
 * <p>Raises {@code maxConnections} to {@code sse.broadcast.max-clients} plus room for the
 * application's other requests, and {@code acceptCount} to the usual limit of Linux's listen
 * queue, each only if the application does not set its property. Each Boot line's
 * {@link SseWebServerAutoConfiguration} applies it to every connector Tomcat creates.
 * <p>It also has Tomcat answer {@code Expect: 100-continue} only when the application reads
 * the body ({@code continueResponseTiming} {@code onRead}, instead of at once): a body the
 * JSON API refuses by its {@code Content-Length} then gets its {@code 413} before the client
 * sends it, rather than after megabytes it was asked for.
 */
public class TomcatConnectionLimits {

	/** Connections kept for requests other than event streams, above the client limit. */
	public static final int OTHER_CONNECTIONS = 1024;

	/** Accept queue: the default {@code net.core.somaxconn} of Linux 5.4 and later, which caps it. */
	public static final int ACCEPT_COUNT = 4096;

	private static final String CONTINUE_IMMEDIATELY = "immediately";

	private static final String CONTINUE_ON_READ = "onRead";

	static final String MAX_CONNECTIONS_PROPERTY = "server.tomcat.max-connections";

	static final String ACCEPT_COUNT_PROPERTY = "server.tomcat.accept-count";

	private static final Log logger = LogFactory.getLog(TomcatConnectionLimits.class);

	private final boolean setMaxConnections;

	private final boolean setAcceptCount;

	private final int maxClients;

	TomcatConnectionLimits(Environment environment) {
		Binder binder = Binder.get(environment);
		this.setMaxConnections = !binder.bind(MAX_CONNECTIONS_PROPERTY, String.class).isBound();
		this.setAcceptCount = !binder.bind(ACCEPT_COUNT_PROPERTY, String.class).isBound();
		// only this property: a bad value of another one is reported by the broadcaster's binding
		this.maxClients = binder.bind(SseBroadcastProperties.PREFIX + ".max-clients", Integer.class)
			.orElseGet(() -> new SseBroadcastProperties().getMaxClients());
	}

	/**
	 * Apply the limits to a connector.
	 * @param connector a connector of the server being created
	 */
	public void customize(Connector connector) {
		if (!(connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol)) {
			return;
		}
		if (this.setMaxConnections && this.maxClients > 0 && protocol.getMaxConnections() >= 0
				&& protocol.getMaxConnections() < this.maxClients + OTHER_CONNECTIONS) {
			protocol.setMaxConnections(this.maxClients + OTHER_CONNECTIONS);
		}
		if (this.setAcceptCount && protocol.getAcceptCount() < ACCEPT_COUNT) {
			protocol.setAcceptCount(ACCEPT_COUNT);
		}
		if (protocol instanceof AbstractHttp11Protocol<?> http11
				&& CONTINUE_IMMEDIATELY.equalsIgnoreCase(http11.getContinueResponseTiming())) {
			http11.setContinueResponseTiming(CONTINUE_ON_READ);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Tomcat connection limits for event streams: max-connections " + protocol.getMaxConnections()
					+ ", accept-count " + protocol.getAcceptCount());
		}
	}

}
