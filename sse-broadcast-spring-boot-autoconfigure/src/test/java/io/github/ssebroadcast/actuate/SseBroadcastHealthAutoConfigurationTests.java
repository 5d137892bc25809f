package io.github.ssebroadcast.actuate;

import io.github.ssebroadcast.autoconfigure.SseBroadcastAutoConfiguration;
import io.github.ssebroadcast.test.TestBootLine;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class SseBroadcastHealthAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SseBroadcastHealthAutoConfiguration.class,
				SseBroadcastAutoConfiguration.class, TestBootLine.JACKSON_AUTO_CONFIGURATION));

	@Test
	void contributesTheBroadcastersHealth() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(SseBroadcastHealthIndicator.class)
			.hasBean("sseBroadcastHealthIndicator"));
	}

	@Test
	void isSwitchedOffAsEveryHealthIndicatorIs() {
		this.contextRunner.withPropertyValues("management.health.ssebroadcast.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SseBroadcastHealthIndicator.class));
	}

}
