package io.github.ssebroadcast.actuate;

import io.github.ssebroadcast.autoconfigure.SseBroadcastAutoConfiguration;
import io.github.ssebroadcast.broadcast.DefaultSseBroadcaster;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration Auto-configuration}
 * of the {@code sseBroadcast} health contributor, when Actuator is on the classpath.
 */
@AutoConfiguration(after = SseBroadcastAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(DefaultSseBroadcaster.class)
@ConditionalOnEnabledHealthIndicator("ssebroadcast")
public class SseBroadcastHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "sseBroadcastHealthIndicator")
	public SseBroadcastHealthIndicator sseBroadcastHealthIndicator(DefaultSseBroadcaster broadcaster) {
		return new SseBroadcastHealthIndicator(broadcaster);
	}

}
