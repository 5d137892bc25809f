package io.github.ssebroadcast.autoconfigure;

import io.github.ssebroadcast.test.TestApplication;
import io.github.ssebroadcast.test.TestServer;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat's connection limits as the running server has them.
 */
class SseTomcatAutoConfigurationTests {

	@Test
	void limitsFitMaxClientsAndReconnectBurstsByDefault() {
		try (TestServer server = TestServer.start()) {
			AbstractProtocol<?> protocol = protocol(server);
			assertThat(protocol.getMaxConnections()).isEqualTo(10_000 + 1024);
			assertThat(protocol.getAcceptCount()).isEqualTo(4096);
		}
	}

	@Test
	void maxConnectionsFollowsMaxClients() {
		try (TestServer server = TestServer.start("sse.broadcast.max-clients=20000")) {
			assertThat(protocol(server).getMaxConnections()).isEqualTo(20_000 + 1024);
		}
	}

	@Test
	void smallMaxClientsKeepsTomcatDefault() {
		try (TestServer server = TestServer.start("sse.broadcast.max-clients=100")) {
			assertThat(protocol(server).getMaxConnections()).isEqualTo(8192);
		}
	}

	@Test
	void limitsTheApplicationSetsAreKept() {
		try (TestServer server = TestServer.start("server.tomcat.max-connections=9000",
				"server.tomcat.accept-count=50")) {
			AbstractProtocol<?> protocol = protocol(server);
			assertThat(protocol.getMaxConnections()).isEqualTo(9000);
			assertThat(protocol.getAcceptCount()).isEqualTo(50);
		}
	}

	@Test
	void limitsTheApplicationSetsInCodeAreKept() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class,
				ApplicationConnectorSettings.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
			.run()) {
			AbstractProtocol<?> protocol = protocol(context);
			assertThat(protocol.getMaxConnections()).isEqualTo(9000);
			assertThat(protocol.getAcceptCount()).isEqualTo(50);
		}
	}

	@Test
	void disabledStarterLeavesTomcatAlone() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(SseTomcatAutoConfiguration.class))
			.withPropertyValues("sse.broadcast.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebServerFactoryCustomizer.class));
	}

	private static AbstractProtocol<?> protocol(TestServer server) {
		return protocol(server.context());
	}

	private static AbstractProtocol<?> protocol(ConfigurableApplicationContext context) {
		TomcatWebServer webServer = (TomcatWebServer) ((ServletWebServerApplicationContext) context).getWebServer();
		return (AbstractProtocol<?>) webServer.getTomcat().getConnector().getProtocolHandler();
	}

	/**
	 * Connection limits set in code, as Spring Boot's documentation shows.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ApplicationConnectorSettings {

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectorSettings() {
			return (factory) -> factory.addConnectorCustomizers((connector) -> {
				AbstractProtocol<?> protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
				protocol.setMaxConnections(9000);
				protocol.setAcceptCount(50);
			});
		}

	}

}
