package io.github.ssebroadcast.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;
import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.broadcast.SseDataSerializer;
import io.github.ssebroadcast.stream.SseStreams;
import io.github.ssebroadcast.web.SseBroadcastApiController;
import io.github.ssebroadcast.web.SseBroadcastController;
import io.github.ssebroadcast.web.SseBroadcastExceptionHandler;
import io.github.ssebroadcast.web.SseStreamExceptionResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * for Server-Sent Events broadcasting in servlet web applications: the
 * {@link SseBroadcaster}, the event stream endpoint, the JSON broadcast endpoint and the
 * factory of per-connection {@link SseStreams streams}.
 */
@AutoConfiguration(before = WebMvcAutoConfiguration.class, after = JacksonAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(SseEmitter.class)
@ConditionalOnBooleanProperty(name = SseBroadcastProperties.PREFIX + ".enabled", matchIfMissing = true)
@EnableConfigurationProperties(SseBroadcastProperties.class)
public class SseBroadcastAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(SseBroadcaster.class)
	public DefaultSseBroadcaster sseBroadcaster(SseBroadcastProperties properties,
			ObjectProvider<ObjectMapper> objectMapper, ObjectProvider<SseBroadcasterCustomizer> customizers) {
		DefaultSseBroadcaster.Builder builder = DefaultSseBroadcaster.builder();
		PropertyMapper map = PropertyMapper.get().alwaysApplyingWhenNonNull();
		map.from(properties::getTimeout).to(builder::timeout);
		map.from(properties::getReconnectTime).to(builder::reconnectTime);
		map.from(properties::getKeepAlive).to(builder::keepAlive);
		map.from(properties::getMaxClients).to(builder::maxClients);
		map.from(properties::getClientQueueCapacity).to(builder::clientQueueCapacity);
		map.from(properties::getOverflowPolicy).to(builder::overflowPolicy);
		map.from(properties::isConnectedEvent).to(builder::connectedEvent);
		map.from(properties::getWriterThreads).to(builder::writerThreads);
		builder.dataSerializer(SseDataSerializer.json(objectMapper.getIfAvailable(ObjectMapper::new)));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	public SseStreams sseStreams(SseBroadcastProperties properties) {
		return new SseStreams(properties.getTimeout(), properties.getReconnectTime());
	}

	@Bean
	@ConditionalOnMissingBean(name = "sseBroadcastController")
	public SseBroadcastController sseBroadcastController(SseBroadcaster broadcaster) {
		return new SseBroadcastController(broadcaster);
	}

	@Bean
	@ConditionalOnMissingBean(name = "sseBroadcastApiController")
	@ConditionalOnBooleanProperty(name = SseBroadcastProperties.PREFIX + ".api.enabled", matchIfMissing = true)
	public SseBroadcastApiController sseBroadcastApiController(SseBroadcaster broadcaster,
			SseBroadcastProperties properties, ObjectProvider<ObjectMapper> objectMapper) {
		return new SseBroadcastApiController(broadcaster, objectMapper.getIfAvailable(ObjectMapper::new),
				(int) properties.getApi().getMaxBodySize().toBytes());
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
