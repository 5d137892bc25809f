package io.github.ssebroadcast.autoconfigure;

import io.github.ssebroadcast.test.TestServer;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.embedded.jetty.JettyServletWebServerFactory;
import org.springframework.boot.web.embedded.jetty.JettyWebServer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jetty's accept queue as the running server has it.
 */
class SseJettyAutoConfigurationTests {

	@Test
	void acceptQueueIsRaisedForReconnectBursts() {
		try (TestServer server = TestServer.start(new Class<?>[] { TestServer.OnJetty.class })) {
			assertThat(connector(server).getAcceptQueueSize()).isEqualTo(4096);
		}
	}

	@Test
	void acceptQueueTheApplicationSetsInCodeIsKept() {
		try (TestServer server = TestServer.start(new Class<?>[] { TestServer.OnJetty.class,
				ApplicationConnectorSettings.class })) {
			assertThat(connector(server).getAcceptQueueSize()).isEqualTo(50);
		}
	}

	@Test
	void acceptQueueSetBeforeTheStarterIsKept() {
		try (TestServer server = TestServer.start(new Class<?>[] { FactoryWithAcceptQueue.class })) {
			assertThat(connector(server).getAcceptQueueSize()).isEqualTo(50);
		}
	}

	@Test
	void disabledStarterLeavesJettyAlone() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(SseJettyAutoConfiguration.class))
			.withPropertyValues("sse.broadcast.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebServerFactoryCustomizer.class));
	}

	private static ServerConnector connector(TestServer server) {
		JettyWebServer webServer = (JettyWebServer) ((ServletWebServerApplicationContext) server.context())
			.getWebServer();
		assertThat(webServer.getServer().getConnectors()).hasSize(1);
		return (ServerConnector) webServer.getServer().getConnectors()[0];
	}

	/**
	 * An accept queue set by a server customizer the factory has before the starter's, as
	 * Spring Boot adds the application's {@code JettyServerCustomizer} beans.
	 */
	@Configuration(proxyBeanMethods = false)
	static class FactoryWithAcceptQueue {

		@Bean
		JettyServletWebServerFactory jettyServletWebServerFactory() {
			JettyServletWebServerFactory factory = new JettyServletWebServerFactory();
			factory.addServerCustomizers((server) -> ((ServerConnector) server.getConnectors()[0]).setAcceptQueueSize(50));
			return factory;
		}

	}

	/**
	 * An accept queue set in code after the starter, by a customizer of the factory.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ApplicationConnectorSettings {

		@Bean
		WebServerFactoryCustomizer<JettyServletWebServerFactory> connectorSettings() {
			return (factory) -> factory.addServerCustomizers((server) -> ((ServerConnector) server.getConnectors()[0])
				.setAcceptQueueSize(50));
		}

	}

}
