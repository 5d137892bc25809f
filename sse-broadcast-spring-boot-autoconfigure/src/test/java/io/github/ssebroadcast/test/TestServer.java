package io.github.ssebroadcast.test;

import io.github.ssebroadcast.broadcast.SseBroadcaster;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

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
		return start(TestApplication.class, configurations, properties);
	}

	/**
	 * Start another application than the {@link TestApplication}, such as one with the
	 * auto-configurations that it leaves out.
	 * @param application the application's primary configuration
	 * @param configurations configuration classes added to the application's
	 * @param properties the properties
	 * @return the running server
	 */
	public static TestServer start(Class<?> application, Class<?>[] configurations, String... properties) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
			.sources(configurations)
			.sources(TestBootLine.DefaultTomcat.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
		int port = TestBootLine.webServer(context).getPort();
		return new TestServer(context, port);
	}

	public SseBroadcaster broadcaster() {
		return this.context.getBean(SseBroadcaster.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
