package io.github.ssebroadcast.autoconfigure;

import org.apache.catalina.startup.Tomcat;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.AbstractProtocol;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * that fits Tomcat's connection limits to long-lived event streams, unless the application
 * sets them itself.
 * <p>Every open event stream holds a connection. Tomcat accepts 8,192 connections by
 * default, fewer than the 10,000 clients {@code sse.broadcast.max-clients} allows, and
 * past its limit the whole application, not only the stream, cannot be reached. Its accept
 * queue of 100 overflows when many clients connect at once, as they all do when a server
 * restarts and their browsers reconnect; the operating system then drops their connection
 * attempts, and each retries only a second or more later.
 */
@AutoConfiguration(after = SseBroadcastAutoConfiguration.class)
@ConditionalOnClass(Tomcat.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = SseBroadcastProperties.PREFIX + ".enabled", matchIfMissing = true)
public class SseTomcatAutoConfiguration {

	@Bean
	static WebServerFactoryCustomizer<TomcatServletWebServerFactory> sseTomcatConnectionLimitsCustomizer(
			Environment environment) {
		return new ConnectionLimitsCustomizer(environment);
	}

	/**
	 * Raises {@code maxConnections} to {@code sse.broadcast.max-clients} plus room for the
	 * application's other requests, and {@code acceptCount} to the usual limit of Linux's
	 * listen queue, each only if the application does not set its property. Customizers of
	 * the application's own run later, so what they set wins.
	 */
	static final class ConnectionLimitsCustomizer
			implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		/** Connections kept for requests other than event streams, above the client limit. */
		static final int OTHER_CONNECTIONS = 1024;

		/** Accept queue: the default {@code net.core.somaxconn} of Linux 5.4 and later, which caps it. */
		static final int ACCEPT_COUNT = 4096;

		static final String MAX_CONNECTIONS_PROPERTY = "server.tomcat.max-connections";

		static final String ACCEPT_COUNT_PROPERTY = "server.tomcat.accept-count";

		private static final Log logger = LogFactory.getLog(ConnectionLimitsCustomizer.class);

		private final Binder binder;

		ConnectionLimitsCustomizer(Environment environment) {
			this.binder = Binder.get(environment);
		}

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			boolean setMaxConnections = !isSet(MAX_CONNECTIONS_PROPERTY);
			boolean setAcceptCount = !isSet(ACCEPT_COUNT_PROPERTY);
			// only this property: a bad value of another one is reported by the broadcaster's binding
			int maxClients = this.binder.bind(SseBroadcastProperties.PREFIX + ".max-clients", Integer.class)
				.orElseGet(() -> new SseBroadcastProperties().getMaxClients());
			factory.addConnectorCustomizers((connector) -> {
				if (!(connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol)) {
					return;
				}
				if (setMaxConnections && maxClients > 0 && protocol.getMaxConnections() >= 0
						&& protocol.getMaxConnections() < maxClients + OTHER_CONNECTIONS) {
					protocol.setMaxConnections(maxClients + OTHER_CONNECTIONS);
				}
				if (setAcceptCount && protocol.getAcceptCount() < ACCEPT_COUNT) {
					protocol.setAcceptCount(ACCEPT_COUNT);
				}
				if (logger.isDebugEnabled()) {
					logger.debug("Tomcat connection limits for event streams: max-connections "
							+ protocol.getMaxConnections() + ", accept-count " + protocol.getAcceptCount());
				}
			});
		}

		private boolean isSet(String property) {
			return this.binder.bind(property, String.class).isBound();
		}

		@Override
		public int getOrder() {
			// after TomcatWebServerFactoryCustomizer (order 0), which applies server.tomcat.*,
			// and before the application's own customizers, whose settings then win
			return 1;
		}

	}

}
