package io.github.ssebroadcast.sample;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real {@code redis-server} and two instances of the sample on random ports of 127.0.0.1
 * with the relay over it on, as {@code run-relay.sh} starts them: {@code a} under its default
 * name, {@code b} named {@value #B_NAME} with {@code sample.instance-name}.
 * <p>A test class registers one as a static {@code @RegisterExtension} field, and is marked
 * {@link RequiresRedisServer}: everything starts before the class's tests and stops after
 * them.
 */
final class RelayedInstances implements BeforeAllCallback, AfterAllCallback {

	static final String B_NAME = "instance-b";

	private RedisServer redis;

	private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();

	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		this.redis = RedisServer.start();
		this.contexts.add(startInstance());
		this.contexts.add(startInstance("--sample.instance-name=" + B_NAME));
	}

	private ConfigurableApplicationContext startInstance(String... more) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1"));
		arguments.addAll(List.of(this.redis.relayArguments()));
		arguments.addAll(List.of(more));
		// arguments, not default properties: application.yml would override those
		return new SpringApplicationBuilder(SampleApplication.class).main(SampleApplication.class)
			.run(arguments.toArray(String[]::new));
	}

	/**
	 * Return the port of instance {@code a}.
	 * @return the port
	 */
	int portA() {
		return port(0);
	}

	/**
	 * Return the port of instance {@code b}, named {@value #B_NAME}.
	 * @return the port
	 */
	int portB() {
		return port(1);
	}

	Http a() {
		return new Http(portA());
	}

	Http b() {
		return new Http(portB());
	}

	private int port(int instance) {
		return ((WebServerApplicationContext) this.contexts.get(instance)).getWebServer().getPort();
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		try {
			this.contexts.forEach(ConfigurableApplicationContext::close);
		}
		finally {
			if (this.redis != null) {
				this.redis.close();
			}
		}
	}

}
