package io.github.ssebroadcast.metrics;

import io.github.ssebroadcast.autoconfigure.ConditionalOnSseBroadcastEnabled;
import io.github.ssebroadcast.autoconfigure.SseBroadcastProperties;
import io.github.ssebroadcast.autoconfigure.SseBroadcasterCustomizer;
import io.github.ssebroadcast.broadcast.SseRelay;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the broadcaster's meters, when the application has a Micrometer {@link MeterRegistry},
 * as Actuator gives it. Applies to the starter's own broadcaster, which the meters are given
 * to through a {@link SseBroadcasterCustomizer}.
 */
@AutoConfiguration(afterName = {
		// Spring Boot 4
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
		// Spring Boot 3.5
		"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ SseEmitter.class, MeterRegistry.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSseBroadcastEnabled
@EnableConfigurationProperties(SseBroadcastProperties.class)
public class SseBroadcastMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	public SseBroadcastMetrics sseBroadcastMetrics(MeterRegistry registry, SseBroadcastProperties properties,
			ObjectProvider<SseRelay> relay) {
		boolean relayed = properties.getRelay().getType() != SseBroadcastProperties.Relay.Type.NONE
				|| relay.getIfAvailable() != null;
		return new SseBroadcastMetrics(registry, relayed);
	}

	@Bean
	@ConditionalOnMissingBean(name = "sseBroadcastMetricsCustomizer")
	public SseBroadcasterCustomizer sseBroadcastMetricsCustomizer(SseBroadcastMetrics metrics) {
		return (builder) -> builder.listener(metrics);
	}

}
