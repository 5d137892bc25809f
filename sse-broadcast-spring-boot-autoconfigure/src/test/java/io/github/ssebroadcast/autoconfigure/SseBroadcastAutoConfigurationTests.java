package io.github.ssebroadcast.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import io.github.ssebroadcast.broadcast.BroadcastResult;
import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.OverflowPolicy;
import io.github.ssebroadcast.broadcast.SseAudience;
import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.broadcast.SseConnection;
import io.github.ssebroadcast.broadcast.SseDataSerializer;
import io.github.ssebroadcast.broadcast.SseSubscription;
import io.github.ssebroadcast.broadcast.SseSubscriptionRejectedException;
import io.github.ssebroadcast.broadcast.SseTransport;
import io.github.ssebroadcast.event.SseEvent;
import io.github.ssebroadcast.servlet.SseStream;
import io.github.ssebroadcast.servlet.SseStreams;
import io.github.ssebroadcast.web.SseBroadcastApiController;
import io.github.ssebroadcast.web.SseBroadcastController;
import io.github.ssebroadcast.web.SseBroadcastExceptionHandler;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.web.SseStreamExceptionResolver;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SseBroadcastAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SseBroadcastAutoConfiguration.class, TestBootLine.JACKSON_AUTO_CONFIGURATION));

	@Test
	void providesBroadcasterEndpointsAndStreams() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DefaultSseBroadcaster.class);
			assertThat(context).hasSingleBean(SseStreams.class);
			assertThat(context).hasSingleBean(SseBroadcastController.class);
			assertThat(context).hasSingleBean(SseBroadcastApiController.class);
			assertThat(context).hasSingleBean(SseBroadcastExceptionHandler.class);
			assertThat(context).hasSingleBean(SseStreamExceptionResolver.class);
			assertThat(context).doesNotHaveBean(Executor.class);
		});
	}

	@Test
	void backsOffWhenUserDefinesBroadcaster() {
		this.contextRunner.withUserConfiguration(UserBroadcasterConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SseBroadcaster.class);
			assertThat(context).doesNotHaveBean(DefaultSseBroadcaster.class);
			assertThat(context.getBean(SseBroadcaster.class)).isSameAs(UserBroadcasterConfiguration.BROADCASTER);
			assertThat(context).hasSingleBean(SseBroadcastController.class);
		});
	}

	@Test
	void backsOffWhenUserDefinesControllersByName() {
		this.contextRunner.withUserConfiguration(UserControllersConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(SseBroadcastController.class);
			assertThat(context.getBean("sseBroadcastController")).isInstanceOf(UserStreamController.class);
			assertThat(context.getBean("sseBroadcastApiController")).isInstanceOf(String.class);
		});
	}

	@Test
	void backsOffWhenUserDefinesStreams() {
		this.contextRunner.withBean(SseStreams.class, () -> new SseStreams(null, Duration.ofSeconds(9)))
			.run((context) -> assertThat(context).hasSingleBean(SseStreams.class));
	}

	@Test
	void disabledByProperty() {
		this.contextRunner.withPropertyValues("sse.broadcast.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(SseBroadcaster.class);
			assertThat(context).doesNotHaveBean(SseBroadcastController.class);
			assertThat(context).doesNotHaveBean(SseBroadcastProperties.class);
		});
	}

	@Test
	void apiCanBeSwitchedOffAlone() {
		this.contextRunner.withPropertyValues("sse.broadcast.api.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(SseBroadcaster.class);
			assertThat(context).hasSingleBean(SseBroadcastController.class);
			assertThat(context).doesNotHaveBean(SseBroadcastApiController.class);
		});
	}

	@Test
	void notActiveInNonWebApplication() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(SseBroadcastAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SseBroadcaster.class));
	}

	@Test
	void notActiveInReactiveApplication() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SseBroadcastAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SseBroadcaster.class));
	}

	@Test
	void notActiveWithoutSpringMvc() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(SseEmitter.class))
			.run((context) -> assertThat(context).doesNotHaveBean(SseBroadcaster.class));
	}

	@Test
	void bindsProperties() {
		this.contextRunner
			.withPropertyValues("sse.broadcast.path=/events", "sse.broadcast.keep-alive=30",
					"sse.broadcast.reconnect-time=5s", "sse.broadcast.timeout=10m", "sse.broadcast.max-clients=5",
					"sse.broadcast.client-queue-capacity=16", "sse.broadcast.client-queue-max-bytes=64KB",
					"sse.broadcast.overflow-policy=drop-oldest",
					"sse.broadcast.connected-event=false", "sse.broadcast.writer-threads=4",
					"sse.broadcast.api.path=/api/events", "sse.broadcast.api.max-body-size=64KB")
			.run((context) -> {
				SseBroadcastProperties properties = context.getBean(SseBroadcastProperties.class);
				assertThat(properties.getPath()).isEqualTo("/events");
				assertThat(properties.getKeepAlive()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.getReconnectTime()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getTimeout()).isEqualTo(Duration.ofMinutes(10));
				assertThat(properties.getMaxClients()).isEqualTo(5);
				assertThat(properties.getClientQueueCapacity()).isEqualTo(16);
				assertThat(properties.getClientQueueMaxBytes().toKilobytes()).isEqualTo(64);
				assertThat(properties.getOverflowPolicy()).isEqualTo(OverflowPolicy.DROP_OLDEST);
				assertThat(properties.isConnectedEvent()).isFalse();
				assertThat(properties.getWriterThreads()).isEqualTo(4);
				assertThat(properties.getApi().getPath()).isEqualTo("/api/events");
				assertThat(properties.getApi().getMaxBodySize().toKilobytes()).isEqualTo(64);
			});
	}

	@Test
	void reconnectTimeWithoutUnitIsMilliseconds() {
		this.contextRunner.withPropertyValues("sse.broadcast.reconnect-time=1500")
			.run((context) -> assertThat(context.getBean(SseBroadcastProperties.class).getReconnectTime())
				.isEqualTo(Duration.ofMillis(1500)));
	}

	@Test
	void hasDefaults() {
		this.contextRunner.run((context) -> {
			SseBroadcastProperties properties = context.getBean(SseBroadcastProperties.class);
			assertThat(properties.getPath()).isEqualTo("/sse/broadcast");
			assertThat(properties.getKeepAlive()).isEqualTo(Duration.ofSeconds(15));
			assertThat(properties.getReconnectTime()).isEqualTo(Duration.ofSeconds(2));
			assertThat(properties.getTimeout()).isNull();
			assertThat(properties.getClientQueueCapacity()).isEqualTo(1000);
			assertThat(properties.getClientQueueMaxBytes().toMegabytes()).isEqualTo(1);
			assertThat(properties.getOverflowPolicy()).isEqualTo(OverflowPolicy.DISCONNECT);
			assertThat(properties.getApi().getPath()).isEqualTo("/api/broadcast");
			assertThat(properties.getApi().getMaxBodySize().toMegabytes()).isEqualTo(1);
		});
	}

	@Test
	void failsOnPathWithoutLeadingSlash() {
		this.contextRunner.withPropertyValues("sse.broadcast.path=events").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("'path' must start with '/'");
		});
	}

	@Test
	void failsOnApiPathWithPattern() {
		this.contextRunner.withPropertyValues("sse.broadcast.api.path=/api/{x}")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void failsOnNegativeKeepAlive() {
		this.contextRunner.withPropertyValues("sse.broadcast.keep-alive=-1")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void failsOnZeroQueueCapacity() {
		this.contextRunner.withPropertyValues("sse.broadcast.client-queue-capacity=0")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void failsOnUnknownOverflowPolicy() {
		this.contextRunner.withPropertyValues("sse.broadcast.overflow-policy=block")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void appliesCustomizersInOrderAfterProperties() {
		this.contextRunner.withPropertyValues("sse.broadcast.max-clients=5")
			.withUserConfiguration(CustomizerConfiguration.class)
			.run((context) -> {
				DefaultSseBroadcaster broadcaster = context.getBean(DefaultSseBroadcaster.class);
				SseStreams streams = context.getBean(SseStreams.class);
				streams.subscribe(broadcaster);
				streams.subscribe(broadcaster);
				assertThatExceptionOfType(SseSubscriptionRejectedException.class)
					.isThrownBy(() -> streams.subscribe(broadcaster))
					.withMessageContaining("limit of 2");
				assertThat(broadcaster.broadcast("message", "hello").queued()).isEqualTo(2);
				assertThat(context.getBean(CustomizerConfiguration.class).executorUsed).isTrue();
			});
	}

	@Test
	void dataIsSerializedWithTheApplicationsJsonMapper() {
		this.contextRunner.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run((context) -> assertThat(context.getBean(SseDataSerializer.class).serialize(new Person("Ada", "Lovelace")))
				.isEqualTo("{\"first_name\":\"Ada\",\"last_name\":\"Lovelace\"}"));
	}

	@Test
	void dataIsSerializedAsCompactJsonEvenWhenTheApplicationIndents() {
		this.contextRunner.withPropertyValues("spring.jackson.serialization.indent-output=true")
			.run((context) -> assertThat(context.getBean(SseDataSerializer.class).serialize(new Person("Ada", "Lovelace")))
				.isEqualTo("{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}"));
	}

	@Test
	void broadcasterUsesTheDataSerializerBean() {
		this.contextRunner.withUserConfiguration(UserDataSerializerConfiguration.class).run((context) -> {
			assertThat(context).getBean(SseDataSerializer.class).isSameAs(UserDataSerializerConfiguration.SERIALIZER);
			SseBroadcaster broadcaster = context.getBean(SseBroadcaster.class);
			SseStream stream = context.getBean(SseStreams.class).subscribe(broadcaster);
			assertThat(broadcaster.broadcast("person", new Person("Ada", "Lovelace")).queued()).isEqualTo(1);
			assertThat(UserDataSerializerConfiguration.serialized).containsExactly(new Person("Ada", "Lovelace"));
			stream.complete();
		});
	}

	record Person(String firstName, String lastName) {
	}

	@Configuration(proxyBeanMethods = false)
	static class UserDataSerializerConfiguration {

		static final List<Object> serialized = new CopyOnWriteArrayList<>();

		static final SseDataSerializer SERIALIZER = (data) -> {
			serialized.add(data);
			return "mine";
		};

		@Bean
		SseDataSerializer userDataSerializer() {
			return SERIALIZER;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBroadcasterConfiguration {

		static final SseBroadcaster BROADCASTER = new SseBroadcaster() {

			@Override
			public BroadcastResult send(SseAudience audience, SseEvent event) {
				return new BroadcastResult(0, 0);
			}

			@Override
			public BroadcastResult send(SseAudience audience, String name, Object data, String id,
					Duration reconnectTime) {
				return new BroadcastResult(0, 0);
			}

			@Override
			public int getClientCount() {
				return 0;
			}

			@Override
			public SseConnection connect(SseTransport transport, SseSubscription subscription) {
				throw new SseSubscriptionRejectedException("Not taking clients");
			}

		};

		@Bean
		SseBroadcaster userBroadcaster() {
			return BROADCASTER;
		}

	}

	static class UserStreamController extends SseBroadcastController {

		UserStreamController(SseBroadcaster broadcaster, SseStreams streams) {
			super(broadcaster, streams, 32);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserControllersConfiguration {

		@Bean
		UserStreamController sseBroadcastController(SseBroadcaster broadcaster, SseStreams streams) {
			return new UserStreamController(broadcaster, streams);
		}

		@Bean
		String sseBroadcastApiController() {
			return "replaced";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		volatile boolean executorUsed;

		@Bean
		SseBroadcasterCustomizer executorCustomizer() {
			return (builder) -> builder.writerExecutor((task) -> {
				this.executorUsed = true;
				task.run();
			});
		}

		@Bean
		SseBroadcasterCustomizer limitCustomizer() {
			return (builder) -> builder.maxClients(2);
		}

	}

}
