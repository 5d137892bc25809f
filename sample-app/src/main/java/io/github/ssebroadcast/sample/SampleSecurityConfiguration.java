package io.github.ssebroadcast.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

import static org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.pathPattern;

/**
 * Two users, {@code alice} and {@code bob}, who sign in with Spring Security's default
 * login page at {@code /login} and sign out at {@code /logout}. The broadcast stream of a
 * signed-in page is opened as its user, so it receives what is sent to that user with
 * {@code SseBroadcaster.sendToUser}.
 * <p>Only sending a notification needs a user. Everything else stays open to anonymous
 * visitors, as it was before the sample had users: this is a demo.
 */
@Configuration(proxyBeanMethods = false)
class SampleSecurityConfiguration {

	/** Password of both demo users. */
	static final String PASSWORD = "password";

	@Bean
	SecurityFilterChain sampleSecurityFilterChain(HttpSecurity http, JsonMapper jsonMapper) {
		http.authorizeHttpRequests((requests) -> requests
			// what a request was allowed goes on for its stream's async dispatches and its error page
			.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
			.permitAll()
			.requestMatchers(HttpMethod.POST, NotificationController.PATH)
			.authenticated()
			// a demo: the page, the streams, the broadcast API and the docs stay open to everyone
			.anyRequest()
			.permitAll())
			.formLogin(Customizer.withDefaults())
			// back to the demo page, as an anonymous visitor
			.logout((logout) -> logout.logoutSuccessUrl("/"))
			// The login and logout forms carry a CSRF token. The page posts JSON to the API with
			// fetch and no token, as curl does: a real application would protect these endpoints
			// too (CsrfConfigurer.spa() and a token header). The one that acts as the signed-in
			// user, POST /api/notifications, takes only JSON, which another site's form cannot
			// send, and the sample allows no cross-origin request.
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/api/**"))
			// the API answers a visitor who is not signed in with a problem, not with the login page
			.exceptionHandling((exceptions) -> exceptions
				.defaultAuthenticationEntryPointFor(notSignedIn(jsonMapper), pathPattern("/api/**")));
		return http.build();
	}

	/**
	 * The demo users. Their passwords are stored as they are ({@code {noop}}), since the
	 * sample publishes them anyway; a real application stores hashes, such as
	 * {@code {bcrypt}}.
	 */
	@Bean
	InMemoryUserDetailsManager sampleUsers() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}" + PASSWORD).roles("USER").build(),
				User.withUsername("bob").password("{noop}" + PASSWORD).roles("USER").build());
	}

	/**
	 * Answer with a {@code 401} problem, as the sample's endpoints answer bad input.
	 */
	private static AuthenticationEntryPoint notSignedIn(JsonMapper jsonMapper) {
		return (request, response, ex) -> {
			Map<String, Object> problem = new LinkedHashMap<>();
			problem.put("type", "about:blank");
			problem.put("title", HttpStatus.UNAUTHORIZED.getReasonPhrase());
			problem.put("status", HttpStatus.UNAUTHORIZED.value());
			problem.put("detail", "Not signed in; sign in at /login first");
			problem.put("instance", request.getRequestURI());
			response.setStatus(HttpStatus.UNAUTHORIZED.value());
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			jsonMapper.writeValue(response.getOutputStream(), problem);
		};
	}

}
