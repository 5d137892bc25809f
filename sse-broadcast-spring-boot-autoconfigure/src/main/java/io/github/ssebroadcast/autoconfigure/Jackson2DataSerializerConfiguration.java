package io.github.ssebroadcast.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssebroadcast.broadcast.SseDataSerializer;
import io.github.ssebroadcast.json.Jackson2SseDataSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Event data as JSON written by the application's Jackson 2 {@link ObjectMapper}, or by a
 * mapper of Jackson's defaults where the application has none.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(ObjectMapper.class)
class Jackson2DataSerializerConfiguration {

	@Bean
	@ConditionalOnMissingBean(SseDataSerializer.class)
	Jackson2SseDataSerializer sseDataSerializer(ObjectProvider<ObjectMapper> objectMapper) {
		return new Jackson2SseDataSerializer(objectMapper.getIfAvailable(ObjectMapper::new));
	}

}
