package io.github.ssebroadcast.autoconfigure;

import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.server.Server;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * that fits the embedded web server to long-lived event streams: no compression of them,
 * and, per container, connection limits and accept queues sized for reconnect bursts.
 * <p>This is the Spring Boot 3.5 variant; the main artifact has its own, with the same
 * beans and names, for Boot 4's server factories.
 */
@AutoConfiguration(after = SseBroadcastAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(WebServerFactoryCustomizer.class)
@ConditionalOnSseBroadcastEnabled
public class SseWebServerAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "sseCompressionCustomizer")
	static EventStreamCompressionCustomizer sseCompressionCustomizer() {
		return new EventStreamCompressionCustomizer();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
	static class TomcatConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "sseTomcatConnectionLimitsCustomizer")
		static TomcatConnectionLimitsCustomizer sseTomcatConnectionLimitsCustomizer(Environment environment) {
			return new TomcatConnectionLimitsCustomizer(new TomcatConnectionLimits(environment));
		}

	}

	@Configuration(proxyBeanMethods = false)
	// Boot 3.5 runs Jetty with its EE 10 servlet environment
	@ConditionalOnClass(value = { Server.class, JettyServletWebServerFactory.class },
			name = "org.eclipse.jetty.ee10.webapp.WebAppContext")
	static class JettyConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "sseJettyAcceptQueueCustomizer")
		static JettyAcceptQueueCustomizer sseJettyAcceptQueueCustomizer() {
			return new JettyAcceptQueueCustomizer(new JettyAcceptQueue());
		}

	}

	/**
	 * Applies {@link TomcatConnectionLimits} after Boot's customizer has applied
	 * {@code server.tomcat.*} (order 0), and before the application's own customizers,
	 * whose settings then win.
	 */
	public static class TomcatConnectionLimitsCustomizer
			implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

		private final TomcatConnectionLimits limits;

		TomcatConnectionLimitsCustomizer(TomcatConnectionLimits limits) {
			this.limits = limits;
		}

		@Override
		public void customize(TomcatServletWebServerFactory factory) {
			factory.addConnectorCustomizers(this.limits::customize);
		}

		@Override
		public int getOrder() {
			return 1;
		}

	}

	/**
	 * Applies {@link JettyAcceptQueue} after Boot's customizer (order 0) and the
	 * application's {@code JettyServerCustomizer} beans, whose queue is kept, and before the
	 * application's own {@code WebServerFactoryCustomizer} beans, whose settings then win.
	 */
	public static class JettyAcceptQueueCustomizer
			implements WebServerFactoryCustomizer<JettyServletWebServerFactory>, Ordered {

		private final JettyAcceptQueue acceptQueue;

		JettyAcceptQueueCustomizer(JettyAcceptQueue acceptQueue) {
			this.acceptQueue = acceptQueue;
		}

		@Override
		public void customize(JettyServletWebServerFactory factory) {
			factory.addServerCustomizers(this.acceptQueue::customize);
		}

		@Override
		public int getOrder() {
			return 1;
		}

	}

}
