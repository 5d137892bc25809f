package io.github.ssebroadcast.autoconfigure;

import io.github.ssebroadcast.broadcast.SseDataSerializer;
import io.github.ssebroadcast.json.Jackson2SseDataSerializer;
import io.github.ssebroadcast.json.JacksonSseDataSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JSON mapper event data is written with on Spring Boot 4: the one the application's
 * HTTP message converters use.
 */
class SseDataSerializerConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SseBroadcastAutoConfiguration.class));

	@Test
	void usesTheApplicationsJackson3Mapper() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withPropertyValues("spring.jackson.property-naming-strategy=SNAKE_CASE")
			.run((context) -> {
				assertThat(context).getBean(SseDataSerializer.class).isInstanceOf(JacksonSseDataSerializer.class);
				assertThat(serialize(context.getBean(SseDataSerializer.class))).isEqualTo("{\"first_name\":\"Ada\"}");
			});
	}

	@Test
	void prefersJackson3WhenTheApplicationHasBothMappers() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, Jackson2AutoConfiguration.class))
			.run((context) -> assertThat(context).getBean(SseDataSerializer.class)
				.isInstanceOf(JacksonSseDataSerializer.class));
	}

	@Test
	void usesTheApplicationsJackson2MapperWhenTheApplicationPrefersIt() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, Jackson2AutoConfiguration.class))
			.withPropertyValues("spring.http.converters.preferred-json-mapper=jackson2",
					"spring.jackson2.property-naming-strategy=SNAKE_CASE")
			.run((context) -> {
				assertThat(context).getBean(SseDataSerializer.class).isInstanceOf(Jackson2SseDataSerializer.class);
				assertThat(serialize(context.getBean(SseDataSerializer.class))).isEqualTo("{\"first_name\":\"Ada\"}");
			});
	}

	@Test
	void usesTheApplicationsJackson2MapperWhenItHasNoJackson3Mapper() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(Jackson2AutoConfiguration.class))
			.run((context) -> assertThat(context).getBean(SseDataSerializer.class)
				.isInstanceOf(Jackson2SseDataSerializer.class));
	}

	@Test
	void usesJackson3DefaultsWhenTheApplicationHasNoMapper() {
		this.contextRunner.run((context) -> {
			assertThat(context).getBean(SseDataSerializer.class).isInstanceOf(JacksonSseDataSerializer.class);
			assertThat(serialize(context.getBean(SseDataSerializer.class))).isEqualTo("{\"firstName\":\"Ada\"}");
		});
	}

	private static String serialize(SseDataSerializer serializer) {
		return serializer.serialize(new Person("Ada"));
	}

	record Person(String firstName) {
	}

}
