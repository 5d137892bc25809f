package io.github.ssebroadcast.metrics;

import java.io.IOException;
import java.time.Duration;

import io.github.ssebroadcast.autoconfigure.SseBroadcastAutoConfiguration;
import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.StubRelay;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.test.TestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SseBroadcastMetricsAutoConfigurationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SseBroadcastMetricsAutoConfiguration.class,
				SseBroadcastAutoConfiguration.class, TestBootLine.JACKSON_AUTO_CONFIGURATION));

	@Test
	void givesTheBroadcasterItsMetersWhenThereIsAMeterRegistry() {
		this.contextRunner.withUserConfiguration(Registry.class).run((context) -> {
			assertThat(context).hasSingleBean(SseBroadcastMetrics.class);
			context.getBean(DefaultSseBroadcaster.class).broadcast("tick", "1");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("sse.broadcast.events.published").tag("kind", "broadcast").counter().count())
				.isOne();
			assertThat(registry.find("sse.broadcast.relay.lag").meter()).isNull();
		});
	}

	@Test
	void timesTheRelaysLagWhenThereIsARelay() {
		this.contextRunner.withUserConfiguration(Registry.class)
			.withPropertyValues("sse.broadcast.relay.type=redis")
			.withBean(StubRelay.class)
			.run((context) -> assertThat(context.getBean(MeterRegistry.class).find("sse.broadcast.relay.lag").timer())
				.isNotNull());
	}

	@Test
	void backsOffWithoutAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(SseBroadcastMetrics.class)
			.hasSingleBean(DefaultSseBroadcaster.class));
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withUserConfiguration(Registry.class)
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SseBroadcastMetrics.class));
	}

	@Test
	void backsOffWhenTheUserDefinesTheMeters() {
		this.contextRunner.withUserConfiguration(Registry.class)
			.withBean("customMetrics", SseBroadcastMetrics.class,
					() -> new SseBroadcastMetrics(new SimpleMeterRegistry(), false))
			.run((context) -> assertThat(context).hasSingleBean(SseBroadcastMetrics.class).hasBean("customMetrics"));
	}

	/**
	 * The application as users run it, with Actuator's meter registry: the meters move as a
	 * real client connects, receives and leaves.
	 */
	@Test
	void metersMoveWithARealClientInTheApplicationsRegistry() throws IOException, InterruptedException {
		try (TestServer server = TestServer.start("sse.broadcast.keep-alive=1s")) {
			MeterRegistry registry = server.context().getBean(MeterRegistry.class);
			SseTestClient client = SseTestClient.connect(server.port(), "/sse/broadcast");
			assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
			// the writer counts what the connection took once it has, maybe after the client read it
			await().atMost(TIMEOUT).until(() -> registry.get("sse.broadcast.clients").gauge().value() == 1);
			server.broadcaster().broadcast("tick", "1");
			assertThat(client.nextEvent(TIMEOUT).data()).isEqualTo("1");
			await().atMost(TIMEOUT)
				.until(() -> registry.get("sse.broadcast.events.delivered").counter().count() == 2);
			client.close();
			await().atMost(TIMEOUT)
				.until(() -> registry.get("sse.broadcast.disconnects").tag("reason", "client").counter().count() == 1);
			assertThat(registry.get("sse.broadcast.clients").gauge().value()).isZero();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
