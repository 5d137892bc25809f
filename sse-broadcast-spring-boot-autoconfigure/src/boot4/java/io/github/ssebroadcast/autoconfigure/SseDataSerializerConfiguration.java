package io.github.ssebroadcast.autoconfigure;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.ssebroadcast.broadcast.SseDataSerializer;
import io.github.ssebroadcast.json.Jackson2SseDataSerializer;
import io.github.ssebroadcast.json.JacksonSseDataSerializer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The {@link SseDataSerializer} of Spring Boot 4, over the JSON mapper the application
 * uses, as Boot chooses the mapper of its HTTP message converters: Jackson 2's
 * {@link ObjectMapper} where {@code spring.http.converters.preferred-json-mapper} is
 * {@code jackson2}, otherwise Jackson 3's {@link JsonMapper}, otherwise Jackson 2's. A
 * mapper of Jackson's defaults is used only where the application has none.
 */
@Configuration(proxyBeanMethods = false)
@Import({ SseDataSerializerConfiguration.PreferredJackson2.class, SseDataSerializerConfiguration.Jackson.class,
		Jackson2DataSerializerConfiguration.class })
class SseDataSerializerConfiguration {

	static final String PREFERRED_JSON_MAPPER_PROPERTY = "spring.http.converters.preferred-json-mapper";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObjectMapper.class)
	@ConditionalOnBean(ObjectMapper.class)
	@ConditionalOnProperty(name = PREFERRED_JSON_MAPPER_PROPERTY, havingValue = "jackson2")
	static class PreferredJackson2 {

		@Bean
		@ConditionalOnMissingBean(SseDataSerializer.class)
		Jackson2SseDataSerializer sseDataSerializer(ObjectMapper objectMapper) {
			return new Jackson2SseDataSerializer(objectMapper);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	@Conditional(Jackson2NotPreferred.class)
	static class Jackson {

		@Bean
		@ConditionalOnMissingBean(SseDataSerializer.class)
		@ConditionalOnBean(JsonMapper.class)
		JacksonSseDataSerializer sseDataSerializer(JsonMapper jsonMapper) {
			return new JacksonSseDataSerializer(jsonMapper);
		}

		/**
		 * Jackson 3 with its defaults, for an application that has no mapper bean at all
		 * (neither Jackson's nor Jackson 2's).
		 */
		@Bean
		@ConditionalOnMissingBean(type = { "io.github.ssebroadcast.broadcast.SseDataSerializer",
				"com.fasterxml.jackson.databind.ObjectMapper" })
		JacksonSseDataSerializer defaultSseDataSerializer(ObjectProvider<JsonMapper> jsonMapper) {
			return new JacksonSseDataSerializer(jsonMapper.getIfAvailable(JsonMapper::new));
		}

	}

	static class Jackson2NotPreferred extends NoneNestedConditions {

		Jackson2NotPreferred() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnProperty(name = PREFERRED_JSON_MAPPER_PROPERTY, havingValue = "jackson2")
		static class Jackson2Preferred {

		}

	}

}
