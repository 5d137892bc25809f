package io.github.ssebroadcast.autoconfigure;

import io.github.ssebroadcast.test.TestApplication;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.test.TestServer;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web server's limits as the running server has them, on Tomcat and on Jetty, and the
 * customizers' back-off.
 */
class SseWebServerAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SseWebServerAutoConfiguration.class));

	@Test
	void tomcatLimitsFitMaxClientsAndReconnectBurstsByDefault() {
		try (TestServer server = TestServer.start()) {
			AbstractProtocol<?> protocol = TestBootLine.tomcatProtocol(server.context());
			assertThat(protocol.getMaxConnections()).isEqualTo(10_000 + 1024);
			assertThat(protocol.getAcceptCount()).isEqualTo(4096);
		}
	}

	@Test
	void tomcatMaxConnectionsFollowsMaxClients() {
		try (TestServer server = TestServer.start("sse.broadcast.max-clients=20000")) {
			assertThat(TestBootLine.tomcatProtocol(server.context()).getMaxConnections()).isEqualTo(20_000 + 1024);
		}
	}

	@Test
	void smallMaxClientsKeepsTomcatDefault() {
		try (TestServer server = TestServer.start("sse.broadcast.max-clients=100")) {
			assertThat(TestBootLine.tomcatProtocol(server.context()).getMaxConnections()).isEqualTo(8192);
		}
	}

	@Test
	void tomcatLimitsTheApplicationSetsAreKept() {
		try (TestServer server = TestServer.start("server.tomcat.max-connections=9000",
				"server.tomcat.accept-count=50")) {
			AbstractProtocol<?> protocol = TestBootLine.tomcatProtocol(server.context());
			assertThat(protocol.getMaxConnections()).isEqualTo(9000);
			assertThat(protocol.getAcceptCount()).isEqualTo(50);
		}
	}

	@Test
	void tomcatLimitsTheApplicationSetsInCodeAreKept() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class,
				TestBootLine.TomcatLimitsInCode.class, TestBootLine.DefaultTomcat.class)
			.properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off")
			.run()) {
			AbstractProtocol<?> protocol = TestBootLine.tomcatProtocol(context);
			assertThat(protocol.getMaxConnections()).isEqualTo(9000);
			assertThat(protocol.getAcceptCount()).isEqualTo(50);
		}
	}

	@Test
	void jettyAcceptQueueIsRaisedForReconnectBursts() {
		try (TestServer server = TestServer.start(new Class<?>[] { TestBootLine.OnJetty.class })) {
			assertThat(TestBootLine.jettyConnector(server.context()).getAcceptQueueSize()).isEqualTo(4096);
		}
	}

	@Test
	void jettyAcceptQueueTheApplicationSetsInCodeIsKept() {
		try (TestServer server = TestServer
			.start(new Class<?>[] { TestBootLine.OnJetty.class, TestBootLine.JettyAcceptQueueInCode.class })) {
			assertThat(TestBootLine.jettyConnector(server.context()).getAcceptQueueSize()).isEqualTo(60);
		}
	}

	@Test
	void jettyAcceptQueueSetBeforeTheStarterIsKept() {
		try (TestServer server = TestServer.start(new Class<?>[] { TestBootLine.JettyFactoryWithAcceptQueue.class })) {
			assertThat(TestBootLine.jettyConnector(server.context()).getAcceptQueueSize()).isEqualTo(50);
		}
	}

	@Test
	void customizersAreDefinedForEveryContainerOnTheClassPath() {
		this.contextRunner.run((context) -> assertThat(context).hasBean("sseCompressionCustomizer")
			.hasBean("sseTomcatConnectionLimitsCustomizer")
			.hasBean("sseJettyAcceptQueueCustomizer"));
	}

	@Test
	void backsOffWhenUserDefinesCustomizersOfTheSameNames() {
		this.contextRunner
			.withBean("sseTomcatConnectionLimitsCustomizer", String.class, () -> "mine")
			.withBean("sseJettyAcceptQueueCustomizer", String.class, () -> "mine")
			.withBean("sseCompressionCustomizer", String.class, () -> "mine")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SseWebServerAutoConfiguration.TomcatConnectionLimitsCustomizer.class);
				assertThat(context).doesNotHaveBean(SseWebServerAutoConfiguration.JettyAcceptQueueCustomizer.class);
				assertThat(context).doesNotHaveBean(EventStreamCompressionCustomizer.class);
			});
	}

	@Test
	void disabledStarterLeavesTheServerAlone() {
		this.contextRunner.withPropertyValues("sse.broadcast.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SseWebServerAutoConfiguration.class)
				.doesNotHaveBean("sseCompressionCustomizer")
				.doesNotHaveBean("sseTomcatConnectionLimitsCustomizer")
				.doesNotHaveBean("sseJettyAcceptQueueCustomizer"));
	}

}
