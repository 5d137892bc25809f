package io.github.ssebroadcast.autoconfigure;

import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.broadcast.SseRelay;
import io.github.ssebroadcast.broadcast.SseDataSerializer;
import io.github.ssebroadcast.servlet.SseStreams;
import io.github.ssebroadcast.web.SseBroadcastApiController;
import io.github.ssebroadcast.web.SseBroadcastAuthorizer;
import io.github.ssebroadcast.web.SseBroadcastController;
import io.github.ssebroadcast.web.SseBroadcastExceptionHandler;
import io.github.ssebroadcast.web.SseBroadcastRequestExceptionHandler;
import io.github.ssebroadcast.web.SseStreamExceptionResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for Server-Sent Events broadcasting in servlet web applications: the
 * {@link SseBroadcaster}, the event stream endpoint, the JSON broadcast endpoint and the
 * factory of per-connection {@link SseStreams streams}.
 * <p>Event data other than strings is written as JSON by a {@link SseDataSerializer} over
 * the application's own JSON mapper, Jackson 3 or Jackson 2 as the Boot line has it; define
 * a {@link SseDataSerializer} bean to replace it.
 */
@AutoConfiguration(beforeName = SseBootLine.WEB_MVC_AUTO_CONFIGURATION,
		afterName = { SseBootLine.JACKSON_AUTO_CONFIGURATION, SseBootLine.JACKSON2_AUTO_CONFIGURATION })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SseEmitter.class)
@ConditionalOnSseBroadcastEnabled
@EnableConfigurationProperties(SseBroadcastProperties.class)
@Import(SseDataSerializerConfiguration.class)
public class SseBroadcastAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SseBroadcaster.class)
	public DefaultSseBroadcaster sseBroadcaster(SseBroadcastProperties properties,
			ObjectProvider<SseDataSerializer> dataSerializer, ObjectProvider<SseRelay> relay,
			ObjectProvider<SseBroadcasterCustomizer> customizers) {
		DefaultSseBroadcaster.Builder builder = DefaultSseBroadcaster.builder()
			.reconnectTime(properties.getReconnectTime())
			.keepAlive(properties.getKeepAlive())
			.writeTimeout(properties.getWriteTimeout())
			.maxClients(properties.getMaxClients())
			.maxClientsPerUser(properties.getMaxClientsPerUser())
			.clientQueueCapacity(properties.getClientQueueCapacity())
			.clientQueueMaxBytes(properties.getClientQueueMaxBytes().toBytes())
			.overflowPolicy(properties.getOverflowPolicy())
			.connectedEvent(properties.isConnectedEvent())
			.replay(properties.getReplay().isEnabled())
			.replayMaxEvents(properties.getReplay().getMaxEvents())
			.replayMaxBytes(properties.getReplay().getMaxBytes().toBytes())
			.replayMaxAge(properties.getReplay().getMaxAge())
			.resetEventName(properties.getReplay().getResetEvent())
			.writerThreads(properties.getWriterThreads());
		dataSerializer.ifAvailable(builder::dataSerializer);
		SseRelay eventRelay = relay.getIfAvailable();
		if (eventRelay == null && properties.getRelay().getType() == SseBroadcastProperties.Relay.Type.REDIS) {
			// delivering to this instance's clients only would break the one order of events
			throw new IllegalStateException("sse.broadcast.relay.type=redis needs Spring Data Redis and a "
					+ "RedisConnectionFactory: add spring-boot-starter-data-redis and configure spring.data.redis.*");
		}
		builder.relay(eventRelay);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	public SseStreams sseStreams(SseBroadcastProperties properties, ObjectProvider<SseDataSerializer> dataSerializer) {
		return new SseStreams(properties.getTimeout(), properties.getReconnectTime(),
				properties.getClientQueueMaxBytes().toBytes(), properties.getWriteTimeout(),
				dataSerializer.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean(name = "sseBroadcastController")
	public SseBroadcastController sseBroadcastController(SseBroadcaster broadcaster, SseStreams streams,
			SseBroadcastProperties properties, ObjectProvider<SseBroadcastAuthorizer> authorizer) {
		return new SseBroadcastController(broadcaster, streams, properties.getTopics().getMaxPerClient(),
				authorizer.getIfAvailable(() -> SseBroadcastAuthorizer.ALLOW_ALL));
	}

	@Bean
	@ConditionalOnMissingBean(name = "sseBroadcastApiController")
	@ConditionalOnBooleanProperty(name = SseBroadcastProperties.PREFIX + ".api.enabled", matchIfMissing = true)
	public SseBroadcastApiController sseBroadcastApiController(SseBroadcaster broadcaster,
			SseBroadcastProperties properties, ObjectProvider<SseBroadcastAuthorizer> authorizer) {
		SseBroadcastProperties.Api api = properties.getApi();
		return new SseBroadcastApiController(broadcaster, (int) api.getMaxBodySize().toBytes(), api.getReadTimeout(),
				authorizer.getIfAvailable(() -> SseBroadcastAuthorizer.ALLOW_ALL), api.getMaxBatchEvents());
	}

	@Bean
	@ConditionalOnMissingBean(name = "sseBroadcastRequestExceptionHandler")
	@ConditionalOnBooleanProperty(name = SseBroadcastProperties.PREFIX + ".api.enabled", matchIfMissing = true)
	public SseBroadcastRequestExceptionHandler sseBroadcastRequestExceptionHandler() {
		return new SseBroadcastRequestExceptionHandler();
	}

	@Bean
	@ConditionalOnMissingBean(name = "sseBroadcastExceptionHandler")
	public SseBroadcastExceptionHandler sseBroadcastExceptionHandler(SseBroadcastProperties properties) {
		return new SseBroadcastExceptionHandler(properties.getReconnectTime());
	}

	@Bean
	@ConditionalOnMissingBean(name = "sseStreamExceptionResolver")
	public SseStreamExceptionResolver sseStreamExceptionResolver() {
		return new SseStreamExceptionResolver();
	}

}
