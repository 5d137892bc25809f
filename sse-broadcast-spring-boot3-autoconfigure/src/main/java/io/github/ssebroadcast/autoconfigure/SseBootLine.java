package io.github.ssebroadcast.autoconfigure;

/**
 * Names of Spring Boot 3.5's auto-configurations the starter's are ordered against: Boot 4
 * has them in other packages, and the main artifact has its own constants.
 */
final class SseBootLine {

	static final String WEB_MVC_AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration";

	static final String JACKSON_AUTO_CONFIGURATION = "org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration";

	/** Boot 3.5 configures Jackson 2 in {@link #JACKSON_AUTO_CONFIGURATION}. */
	static final String JACKSON2_AUTO_CONFIGURATION = JACKSON_AUTO_CONFIGURATION;

	private SseBootLine() {
	}

}
