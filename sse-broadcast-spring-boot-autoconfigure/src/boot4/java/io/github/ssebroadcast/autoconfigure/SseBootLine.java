package io.github.ssebroadcast.autoconfigure;

/**
 * Names of Spring Boot 4's auto-configurations the starter's are ordered against: Boot 3.5
 * has them in other packages, and the Boot 3.5 artifact has its own constants.
 */
final class SseBootLine {

	static final String WEB_MVC_AUTO_CONFIGURATION = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration";

	static final String JACKSON_AUTO_CONFIGURATION = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration";

	static final String JACKSON2_AUTO_CONFIGURATION = "org.springframework.boot.jackson2.autoconfigure.Jackson2AutoConfiguration";

	private SseBootLine() {
	}

}
