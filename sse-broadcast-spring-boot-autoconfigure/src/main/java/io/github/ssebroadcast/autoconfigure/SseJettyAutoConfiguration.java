package io.github.ssebroadcast.autoconfigure;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * that fits Jetty's accept queue to the bursts of connections event streams bring.
 * <p>Jetty leaves the listen queue to the JDK's default of 50. When many clients connect at
 * once, as they all do when a server restarts and their browsers reconnect, the operating
 * system drops the attempts it cannot queue, and each retries only a second or more later.
 * Jetty has no connection limit by default, so only the queue needs raising.
 */
@AutoConfiguration(after = SseBroadcastAutoConfiguration.class)
@ConditionalOnClass(value = { Server.class, ServerConnector.class }, name = "org.eclipse.jetty.ee10.webapp.WebAppContext")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = SseBroadcastProperties.PREFIX + ".enabled", matchIfMissing = true)
public class SseJettyAutoConfiguration {

	@Bean
	static WebServerFactoryCustomizer<JettyServletWebServerFactory> sseJettyAcceptQueueCustomizer() {
		return new AcceptQueueCustomizer();
	}

	/**
	 * Raises the accept queue of every {@link ServerConnector} that still has Jetty's default
	 * of 0 (the JDK's 50) to the one the starter gives Tomcat. A value set by the
	 * application's {@code JettyServerCustomizer} beans, which run before this, is kept, and
	 * its {@code WebServerFactoryCustomizer} beans run after it, so what they set wins too.
	 */
	static final class AcceptQueueCustomizer
			implements WebServerFactoryCustomizer<JettyServletWebServerFactory>, Ordered {

		/** The same queue as Tomcat's {@code accept-count}: Linux caps it at {@code net.core.somaxconn}. */
		static final int ACCEPT_QUEUE_SIZE = SseTomcatAutoConfiguration.ConnectionLimitsCustomizer.ACCEPT_COUNT;

		@Override
		public void customize(JettyServletWebServerFactory factory) {
			factory.addServerCustomizers((server) -> {
				for (Connector connector : server.getConnectors()) {
					if (connector instanceof ServerConnector serverConnector && serverConnector.getAcceptQueueSize() == 0) {
						serverConnector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
					}
				}
			});
		}

		@Override
		public int getOrder() {
			// after JettyWebServerFactoryCustomizer (order 0), before the application's own
			return 1;
		}

	}

}
