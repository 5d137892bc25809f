package io.github.ssebroadcast.autoconfigure;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The {@link io.github.ssebroadcast.broadcast.SseDataSerializer} of Spring Boot 3.5, whose
 * applications map JSON with Jackson 2.
 */
@Configuration(proxyBeanMethods = false)
@Import(Jackson2DataSerializerConfiguration.class)
class SseDataSerializerConfiguration {

}
