package io.github.ssebroadcast.sample;

import jakarta.servlet.DispatcherType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Two users, {@code alice} and {@code bob}, who sign in with Spring Security's default
 * login page at {@code /login} and sign out at {@code /logout}. The broadcast stream of a
 * signed-in page is opened as its user, so it receives what is sent to that user with
 * {@code SseBroadcaster.sendToUser}.
 * <p>Everything stays open to anonymous visitors, as it was before the sample had users:
 * this is a demo.
 */
@Configuration(proxyBeanMethods = false)
class SampleSecurityConfiguration {

	/** Password of both demo users. */
	static final String PASSWORD = "password";

	@Bean
	SecurityFilterChain sampleSecurityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests
			// what a request was allowed goes on for its stream's async dispatches and its error page
			.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
			.permitAll()
			// a demo: the page, the streams, the broadcast API and the docs stay open to everyone
			.anyRequest()
			.permitAll())
			.formLogin(Customizer.withDefaults())
			// back to the demo page, as an anonymous visitor
			.logout((logout) -> logout.logoutSuccessUrl("/"))
			// The login and logout forms carry a CSRF token. The page posts JSON to the API with
			// fetch and no token, as curl does: a real application would protect these endpoints
			// too (CsrfConfigurer.spa() and a token header).
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/api/**"));
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

}
