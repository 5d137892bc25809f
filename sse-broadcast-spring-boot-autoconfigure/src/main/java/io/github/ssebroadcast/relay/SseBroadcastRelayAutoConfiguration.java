package io.github.ssebroadcast.relay;

import io.github.ssebroadcast.autoconfigure.ConditionalOnSseBroadcastEnabled;
import io.github.ssebroadcast.autoconfigure.SseBroadcastAutoConfiguration;
import io.github.ssebroadcast.autoconfigure.SseBroadcastProperties;
import io.github.ssebroadcast.broadcast.SseRelay;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the relay between an application's instances, over Redis Streams, with
 * {@code sse.broadcast.relay.type=redis}: the broadcaster then publishes through the
 * application's own {@link RedisConnectionFactory} (Spring Boot's {@code spring.data.redis.*}).
 * The broadcaster refuses to start when the relay is asked for and cannot be made, rather than
 * deliver to one instance's clients only.
 */
@AutoConfiguration(before = SseBroadcastAutoConfiguration.class,
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(RedisConnectionFactory.class)
@ConditionalOnSseBroadcastEnabled
@ConditionalOnProperty(name = SseBroadcastProperties.PREFIX + ".relay.type", havingValue = "redis")
@EnableConfigurationProperties(SseBroadcastProperties.class)
public class SseBroadcastRelayAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SseRelay.class)
	@ConditionalOnBean(RedisConnectionFactory.class)
	public RedisSseRelay sseBroadcastRelay(RedisConnectionFactory connectionFactory,
			SseBroadcastProperties properties) {
		SseBroadcastProperties.Relay.Redis redis = properties.getRelay().getRedis();
		return new RedisSseRelay(connectionFactory, redis.getStreamKey(), redis.getMaxLength(), redis.getPollTimeout());
	}

}
