package io.github.ssebroadcast.relay;

import io.github.ssebroadcast.autoconfigure.SseBroadcastAutoConfiguration;
import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.SseRelay;
import io.github.ssebroadcast.test.StubRelay;
import io.github.ssebroadcast.test.TestBootLine;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

class SseBroadcastRelayAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SseBroadcastRelayAutoConfiguration.class,
				SseBroadcastAutoConfiguration.class, TestBootLine.JACKSON_AUTO_CONFIGURATION));

	@Test
	void isOffByDefault() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(SseRelay.class);
			assertThat(context.getBean(DefaultSseBroadcaster.class).getRelay()).isNull();
		});
	}

	@Test
	void relaysOverTheApplicationsRedisWhenAskedFor() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class)
			.withPropertyValues("sse.broadcast.relay.type=redis", "sse.broadcast.relay.redis.stream-key=events")
			.run((context) -> {
				assertThat(context).hasSingleBean(RedisSseRelay.class);
				assertThat(context.getBean(DefaultSseBroadcaster.class).getRelay())
					.isSameAs(context.getBean(SseRelay.class))
					.hasToString("RedisSseRelay[events]");
			});
	}

	@Test
	void backsOffWhenUserDefinesRelay() {
		this.contextRunner.withUserConfiguration(RedisConfiguration.class, UserRelayConfiguration.class)
			.withPropertyValues("sse.broadcast.relay.type=redis")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(RedisSseRelay.class);
				assertThat(context.getBean(DefaultSseBroadcaster.class).getRelay())
					.isSameAs(UserRelayConfiguration.RELAY);
			});
	}

	@Test
	void refusesToStartWithoutRedisRatherThanDeliverToOneInstanceOnly() {
		this.contextRunner.withPropertyValues("sse.broadcast.relay.type=redis").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("sse.broadcast.relay.type=redis needs Spring Data Redis and a RedisConnectionFactory");
		});
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withPropertyValues("sse.broadcast.relay.type=redis")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Configuration(proxyBeanMethods = false)
	static class RedisConfiguration {

		@Bean
		LettuceConnectionFactory redisConnectionFactory() {
			// never connected: the relay connects when the broadcaster starts, which a
			// context runner's context does not
			return new LettuceConnectionFactory();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRelayConfiguration {

		static final SseRelay RELAY = new StubRelay();

		@Bean
		SseRelay userRelay() {
			return RELAY;
		}

	}

}
