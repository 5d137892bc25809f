package io.github.ssebroadcast.test;

import io.github.ssebroadcast.broadcast.SseBroadcaster;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link TestApplication} on a random port, started with its own properties and closed
 * by the test, for tests that need a configuration of their own or to stop the server.
 *
 * @param context the running application
 * @param port the server port on 127.0.0.1
 */
public record TestServer(ConfigurableApplicationContext context, int port) implements AutoCloseable {

	public static TestServer start(String... properties) {
		return start(new Class<?>[0], properties);
	}

	/**
	 * Start the application with more configuration, such as a web server of another kind.
	 * @param configurations configuration classes added to the application's
	 * @param properties the properties
	 * @return the running server
	 */
	public static TestServer start(Class<?>[] configurations, String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.sources(configurations)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
		int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
		return new TestServer(context, port);
	}

	public SseBroadcaster broadcaster() {
		return this.context.getBean(SseBroadcaster.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * Jetty instead of the Tomcat the test application has on its class path: add it to the
	 * configurations given to {@link #start(Class[], String...)}.
	 */
	@Configuration(proxyBeanMethods = false)
	public static class OnJetty {

		@Bean
		JettyServletWebServerFactory jettyServletWebServerFactory() {
			return new JettyServletWebServerFactory();
		}

	}

}
