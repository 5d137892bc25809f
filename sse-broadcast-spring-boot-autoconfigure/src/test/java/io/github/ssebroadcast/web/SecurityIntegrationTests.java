package io.github.ssebroadcast.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.ssebroadcast.broadcast.SseAudience;
import io.github.ssebroadcast.test.SseTestClient;
import io.github.ssebroadcast.test.SseTestClient.Event;
import io.github.ssebroadcast.test.TestBootLine;
import io.github.ssebroadcast.test.TestHttp;
import io.github.ssebroadcast.test.TestServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter behind Spring Security, over real sockets: Spring Boot's default security, the
 * filter chain the README shows, HTTP Basic and form login. Access is decided on a request's
 * first dispatch, before its stream starts. Once it has, events go straight to the response,
 * and the one dispatch that follows is the {@code ASYNC} one that ends the request, which
 * security must let through without a word in the log.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final String STREAM = "/sse/broadcast";

	private static final String API = "/api/broadcast";

	private static final String BATCH = API + "/batch";

	/** Spring Boot's default security: every request authenticated, form login and HTTP Basic. */
	private static final String DEFAULTS = "defaults";

	/** The README's chain: {@link StreamForUsersApiForAdmins}. */
	private static final String README_CHAIN = "readme-chain";

	/** The README's rules behind a filter that authenticates each request: {@link PerRequestAuthentication}. */
	private static final String PER_REQUEST_AUTHENTICATION = "per-request-authentication";

	private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	/**
	 * A denied stream is answered before it starts. With Spring Boot's default security the
	 * answer is a redirect to the login page, an HTML page that {@code EventSource} gives up
	 * on: an {@code EventSource} asks for {@code text/event-stream}, which neither form login's
	 * nor HTTP Basic's entry point claims, so Spring Security uses the first configured, form
	 * login's. A wrong password gets HTTP Basic's 401 first, but the container answers it with
	 * an {@code ERROR} dispatch to {@code /error}, which the defaults deny to an anonymous
	 * request: the same redirect. The README's chain answers both with 401.
	 */
	@ParameterizedTest(name = "{0}, {1}")
	@CsvSource({ DEFAULTS + ", anonymous, 302", DEFAULTS + ", wrong password, 302",
			README_CHAIN + ", anonymous, 401", README_CHAIN + ", wrong password, 401" })
	void deniedStreamIsAnsweredBeforeTheStreamStarts(String security, String credentials, int status)
			throws Exception {
		String[] headers = credentials.equals("anonymous") ? new String[] { "Connection: close" }
				: new String[] { "Authorization: Basic " + base64("alice:wrong"), "Connection: close" };
		try (TestServer server = start(security, "tomcat");
				SseTestClient denied = SseTestClient.connect(server.port(), STREAM, headers)) {
			assertThat(denied.awaitStatus(TIMEOUT)).isEqualTo(status);
			// the login page, on the host the request named
			assertThat(denied.header("Location")).isEqualTo((status == 302) ? "http://127.0.0.1/login" : null);
			assertThat(denied.header("Content-Type")).satisfiesAnyOf((type) -> assertThat(type).isNull(),
					(type) -> assertThat(type).doesNotStartWith("text/event-stream"));
			assertThat(denied.awaitEnd(TIMEOUT)).isTrue();
			assertThat(denied.pollEvent()).isNull();
			assertThat(denied.retries()).isEmpty();
			assertThat(server.broadcaster().getClientCount()).isZero();
		}
	}

	@Test
	void defaultSecurityAnswersApiPostWithoutCredentialsWith401() throws Exception {
		try (TestServer server = start(DEFAULTS, "tomcat")) {
			HttpResponse<String> response = TestHttp.postJson(server.port(), API, "{\"data\":1}");
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					(challenge) -> assertThat(challenge).startsWith("Basic "));
		}
	}

	@Test
	void defaultSecurityStreamsToHttpBasicClientWithoutFurtherDispatches() throws Exception {
		try (TestServer server = start(DEFAULTS, "tomcat");
				SseTestClient client = connected(server, STREAM, basic("alice"))) {
			for (int i = 1; i <= 5; i++) {
				server.broadcaster().broadcast("n", String.valueOf(i));
				assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "n", String.valueOf(i)));
			}
			assertThat(client.hasEnded()).isFalse();
			assertThat(asyncDispatches(server)).hasValue(0);
		}
	}

	/**
	 * Spring Security's CSRF filter refuses the POST before HTTP Basic reads its credentials,
	 * with a 403 that the container turns into an {@code ERROR} dispatch to {@code /error}.
	 * That dispatch is anonymous, and Spring Boot's default security requires authentication
	 * for it too, so the client gets a 401: valid credentials, and a status that says they
	 * are not.
	 */
	@Test
	void defaultSecurityAnswersApiPostWithValidCredentialsButNoCsrfTokenWith401() throws Exception {
		try (TestServer server = start(DEFAULTS, "tomcat");
				SseTestClient client = connected(server, STREAM, basic("alice"))) {
			assertRefusedAndNothingBroadcast(server, client, "admin", 401);
		}
	}

	@Test
	void readmeChainLetsOnlyAdminsBroadcastThroughApi() throws Exception {
		try (TestServer server = start(README_CHAIN, "tomcat");
				SseTestClient client = connected(server, STREAM, basic("alice"))) {
			HttpResponse<String> denied = assertRefusedAndNothingBroadcast(server, client, "alice", 403);
			assertThat(denied.body()).contains("\"status\":403").doesNotContain("Exception").doesNotContain("\tat ");
			HttpResponse<String> allowed = post(server, "admin", "{\"event\":\"note\",\"data\":\"from an admin\"}");
			assertThat(allowed.statusCode()).isEqualTo(200);
			assertThat(allowed.body()).isEqualTo("{\"ok\":true,\"event\":\"note\",\"connected\":1}");
			assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "note", "from an admin"));
		}
	}

	/**
	 * The batch endpoint sits below the API's path, and the chain keeps it to administrators
	 * too: a user's session, with the CSRF token a page of the application would send, is
	 * refused, and sends nothing.
	 */
	@Test
	void readmeChainLetsOnlyAdminsPublishABatch() throws Exception {
		try (TestServer server = start(README_CHAIN, "tomcat");
				SseTestClient client = connected(server, STREAM, basic("alice"))) {
			String batch = "{\"events\":[{\"event\":\"note\",\"data\":\"1\"},{\"event\":\"note\",\"data\":\"2\"}]}";
			String session = logIn(server, "alice");
			HttpResponse<String> fromAUser = TestHttp.send(TestHttp.request(server.port(), BATCH)
				.header("Cookie", session)
				.header("X-CSRF-TOKEN", csrfToken(server, session))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(batch))
				.build());
			assertThat(fromAUser.statusCode()).isEqualTo(403);
			HttpResponse<String> fromAnAdmin = post(server, BATCH, "admin", batch);
			assertThat(fromAnAdmin.statusCode()).isEqualTo(200);
			assertThat(fromAnAdmin.body()).isEqualTo("{\"ok\":true,\"published\":2,\"connected\":[1,1]}");
			assertThat(client.nextEvent(TIMEOUT).data()).isEqualTo("1");
			assertThat(client.nextEvent(TIMEOUT).data()).isEqualTo("2");
		}
	}

	/**
	 * An authorizer that decides on the roles of the request's {@code Authentication}: the
	 * API reads its body on a thread of the container's, where Spring Security's context is
	 * not set, and still sees the caller's roles.
	 */
	@Test
	void topicAuthorizerDecidesOnTheRolesOfTheRequestsAuthentication() throws Exception {
		try (TestServer server = start(README_CHAIN, "tomcat", AdminsOnlyTopic.class);
				SseTestClient admin = connected(server, STREAM + "?topic=ops", basic("admin"));
				SseTestClient denied = SseTestClient.connect(server.port(), STREAM + "?topic=ops", basic("alice"))) {
			assertThat(denied.awaitStatus(TIMEOUT)).isEqualTo(403);
			assertThat(denied.awaitEnd(TIMEOUT)).isTrue();
			assertThat(denied.body()).contains("Not allowed to subscribe to topic 'ops'").contains("\"topic\":\"ops\"");
			HttpResponse<String> published = post(server, "admin", "{\"event\":\"ops\",\"data\":\"x\",\"topic\":\"ops\"}");
			assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
			assertThat(admin.nextEvent(TIMEOUT).data()).isEqualTo("x");
			HttpResponse<String> audit = post(server, "admin", "{\"data\":\"y\",\"topic\":\"audit\"}");
			assertThat(audit.statusCode()).isEqualTo(403);
			assertThat(audit.body()).contains("Not allowed to publish to topic 'audit'").doesNotContain("Exception");
			server.broadcaster().broadcast("sentinel", "after");
			assertThat(admin.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "sentinel", "after"));
		}
	}

	@Test
	void streamOpenedWithFormLoginSessionReceivesEventsSentToItsUserOnly() throws Exception {
		try (TestServer server = start(README_CHAIN, "tomcat");
				SseTestClient alice = connected(server, STREAM, "Cookie: " + logIn(server, "alice"));
				SseTestClient bob = connected(server, STREAM, "Cookie: " + logIn(server, "bob"))) {
			assertThat(server.broadcaster().sendToUser("alice", "note", "for alice").queued()).isEqualTo(1);
			server.broadcaster().broadcast("all", "everyone");
			assertThat(alice.nextEvent(TIMEOUT).data()).isEqualTo("for alice");
			assertThat(alice.nextEvent(TIMEOUT).data()).isEqualTo("everyone");
			assertThat(bob.nextEvent(TIMEOUT).data()).isEqualTo("everyone");
		}
	}

	/**
	 * A stream whose client closed or reset its connection, or that the server ends as it
	 * shuts down, ends its request with an {@code ASYNC} dispatch: it passes security, and
	 * nothing is logged about a response already committed.
	 */
	@ParameterizedTest(name = "{0} on {1}")
	@MethodSource("securityOnContainers")
	void streamsEndedByTheirClientsAndByShutdownPassSecurityQuietly(String security, String container,
			CapturedOutput output) throws Exception {
		TestServer server = start(security, container);
		List<SseTestClient> clients = new ArrayList<>();
		try {
			SseTestClient closing = connected(server, STREAM, credentials(security, "alice"));
			SseTestClient resetting = connected(server, STREAM, credentials(security, "bob"));
			SseTestClient open = connected(server, STREAM, credentials(security, "admin"));
			clients.addAll(List.of(closing, resetting, open));
			closing.close();
			resetting.reset();
			await().atMost(TIMEOUT).until(() -> {
				server.broadcaster().broadcast("probe", "x");
				return server.broadcaster().getClientCount() == 1;
			});
			AtomicInteger asyncDispatches = asyncDispatches(server);
			await().atMost(TIMEOUT).until(() -> asyncDispatches.get() == 2);
			server.close();
			assertThat(open.awaitEnd(TIMEOUT)).isTrue();
			await().atMost(TIMEOUT).until(() -> asyncDispatches.get() == 3);
		}
		finally {
			server.close();
			clients.forEach(SseTestClient::close);
		}
		assertNothingLoggedAboutACommittedResponse(output);
	}

	@ParameterizedTest(name = "{0} on {1}")
	@MethodSource("securityOnContainers")
	void streamThatTimesOutPassesSecurityQuietly(String security, String container, CapturedOutput output)
			throws Exception {
		try (TestServer server = start(security, container, "sse.broadcast.timeout=500ms");
				SseTestClient client = connected(server, STREAM, credentials(security, "alice"))) {
			assertThat(client.awaitEnd(TIMEOUT)).isTrue();
			AtomicInteger asyncDispatches = asyncDispatches(server);
			await().atMost(TIMEOUT).until(() -> asyncDispatches.get() == 1);
		}
		assertNothingLoggedAboutACommittedResponse(output);
	}

	static Stream<Arguments> securityOnContainers() {
		return Stream.of(DEFAULTS, README_CHAIN, PER_REQUEST_AUTHENTICATION)
			.flatMap((security) -> Stream.of(Arguments.of(security, "tomcat"), Arguments.of(security, "jetty")));
	}

	private static void assertNothingLoggedAboutACommittedResponse(CapturedOutput output) {
		assertThat(output).doesNotContainIgnoringCase("already committed")
			.doesNotContain("Unable to handle the Spring Security Exception")
			.doesNotContain("\tat ");
	}

	private static TestServer start(String security, String container, String... properties) {
		return start(security, container, null, properties);
	}

	private static TestServer start(String security, String container, @Nullable Class<?> more,
			String... properties) {
		List<Class<?>> configurations = new ArrayList<>();
		if (more != null) {
			configurations.add(more);
		}
		if (security.equals(README_CHAIN)) {
			configurations.add(StreamForUsersApiForAdmins.class);
		}
		else if (security.equals(PER_REQUEST_AUTHENTICATION)) {
			configurations.add(PerRequestAuthentication.class);
		}
		if (container.equals("jetty")) {
			configurations.add(TestBootLine.OnJetty.class);
		}
		return TestServer.start(SecuredApplication.class, configurations.toArray(Class<?>[]::new), properties);
	}

	/**
	 * Connect and wait for the {@code connected} event, so that the client is registered.
	 */
	private static SseTestClient connected(TestServer server, String path, String... headers)
			throws IOException, InterruptedException {
		SseTestClient client = SseTestClient.connect(server.port(), path, headers);
		assertThat(client.nextEvent(TIMEOUT).name()).isEqualTo("connected");
		return client;
	}

	/**
	 * POST an event to the API as a user, expect the status, and check that the client
	 * received nothing before a sentinel broadcast after it.
	 */
	private static HttpResponse<String> assertRefusedAndNothingBroadcast(TestServer server, SseTestClient client,
			String user, int status) throws IOException, InterruptedException {
		HttpResponse<String> response = post(server, user, "{\"data\":\"refused\"}");
		assertThat(response.statusCode()).isEqualTo(status);
		server.broadcaster().broadcast("sentinel", "after");
		assertThat(client.nextEvent(TIMEOUT).withoutId()).isEqualTo(new Event("", "sentinel", "after"));
		return response;
	}

	private static HttpResponse<String> post(TestServer server, String user, String json)
			throws IOException, InterruptedException {
		return post(server, API, user, json);
	}

	private static HttpResponse<String> post(TestServer server, String path, String user, String json)
			throws IOException, InterruptedException {
		return TestHttp.send(TestHttp.request(server.port(), path)
			.header("Authorization", "Basic " + base64(user + ":" + password(user)))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	/**
	 * Log in through Spring Security's login page, with the CSRF token it carries, as a
	 * browser does.
	 * @return the session cookie, {@code JSESSIONID=…}
	 */
	private static String logIn(TestServer server, String user) throws IOException, InterruptedException {
		HttpResponse<String> page = TestHttp.send(TestHttp.request(server.port(), "/login").GET().build());
		assertThat(page.statusCode()).isEqualTo(200);
		Matcher token = CSRF_INPUT.matcher(page.body());
		assertThat(token.find()).as("CSRF token in the login page").isTrue();
		String form = "username=" + user + "&password=" + password(user) + "&_csrf="
				+ URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
		HttpResponse<String> loggedIn = TestHttp.send(TestHttp.request(server.port(), "/login")
			.header("Cookie", sessionCookie(page))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build());
		assertThat(loggedIn.statusCode()).isEqualTo(302);
		assertThat(loggedIn.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).doesNotContain("error"));
		// a new session at login, against session fixation
		return sessionCookie(loggedIn);
	}

	/**
	 * Read the CSRF token of a session from the login page, as a page of the application
	 * would carry it.
	 */
	private static String csrfToken(TestServer server, String session) throws IOException, InterruptedException {
		HttpResponse<String> page = TestHttp.send(TestHttp.request(server.port(), "/login")
			.header("Cookie", session)
			.GET()
			.build());
		Matcher token = CSRF_INPUT.matcher(page.body());
		assertThat(token.find()).as("CSRF token in the login page").isTrue();
		return token.group(1);
	}

	private static String sessionCookie(HttpResponse<String> response) {
		String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
		return cookie.substring(0, cookie.indexOf(';'));
	}

	private static String credentials(String security, String user) {
		return security.equals(PER_REQUEST_AUTHENTICATION) ? PerRequestAuthentication.USER_HEADER + ": " + user
				: basic(user);
	}

	private static String basic(String user) {
		return "Authorization: Basic " + base64(user + ":" + password(user));
	}

	private static String password(String user) {
		return user + "-secret";
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	private static AtomicInteger asyncDispatches(TestServer server) {
		return server.context().getBean(AsyncDispatchCounter.class).streamDispatches;
	}

	/**
	 * An application with Spring Security, which the {@code TestApplication} leaves out, and
	 * the users of these tests: alice and bob are users, admin an administrator.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(AsyncDispatchCounter.class)
	static class SecuredApplication {

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(user("alice", "USER"), user("bob", "USER"), user("admin", "ADMIN"));
		}

		private static UserDetails user(String name, String role) {
			return User.withUsername(name).password("{noop}" + password(name)).roles(role).build();
		}

	}

	/**
	 * Topic {@code ops} for administrators only, read from the roles of the request's
	 * {@code Authentication}; no one may publish to {@code audit}.
	 */
	@Configuration(proxyBeanMethods = false)
	static class AdminsOnlyTopic {

		@Bean
		SseBroadcastAuthorizer adminsOnlyTopic() {
			return new SseBroadcastAuthorizer() {

				@Override
				public boolean canSubscribe(@Nullable Principal principal, String topic) {
					return !topic.equals("ops") || isAdmin(principal);
				}

				@Override
				public boolean canPublish(@Nullable Principal principal, SseAudience audience) {
					return isAdmin(principal) && !"audit".equals(audience.getName());
				}

				private boolean isAdmin(@Nullable Principal principal) {
					return principal instanceof Authentication authentication && authentication.getAuthorities()
						.stream()
						.anyMatch((authority) -> "ROLE_ADMIN".equals(authority.getAuthority()));
				}

			};
		}

	}

	/**
	 * The README's example chain, as it is there.
	 */
	@Configuration(proxyBeanMethods = false)
	static class StreamForUsersApiForAdmins {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests
				// the dispatches that end a stream, or answer the API, after its first was allowed
				.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
				.requestMatchers(HttpMethod.POST, "/api/broadcast", "/api/broadcast/batch").hasRole("ADMIN")
				.requestMatchers("/sse/broadcast").authenticated()
				.anyRequest().authenticated())
				// browsers: a session cookie, which EventSource sends
				.formLogin(Customizer.withDefaults())
				// services calling the API
				.httpBasic(Customizer.withDefaults())
				// a 401 for a stream not logged in, rather than a redirect to the login page
				.exceptionHandling((exceptions) -> exceptions.defaultAuthenticationEntryPointFor(
						new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
						PathPatternRequestMatcher.withDefaults().matcher("/sse/broadcast")))
				// CSRF protects what browsers POST with the session cookie; services send no cookie
				.csrf((csrf) -> csrf.ignoringRequestMatchers("/api/broadcast", "/api/broadcast/batch"));
			return http.build();
		}

	}

	/**
	 * The README's dispatcher-type rule behind a filter that authenticates each request from
	 * a header, as a gateway's or a bearer token's filter does, and saves no security context:
	 * the dispatches after the first are anonymous (spring-security#14643). Without the rule,
	 * a stream that ends logs "Unable to handle the Spring Security Exception because the
	 * response is already committed", with a stack trace.
	 */
	@Configuration(proxyBeanMethods = false)
	static class PerRequestAuthentication {

		static final String USER_HEADER = "X-Test-User";

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests
				.dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
				.anyRequest().authenticated())
				.addFilterBefore(new UserFromHeader(), AuthorizationFilter.class);
			return http.build();
		}

	}

	/**
	 * Authenticates a request as the user its header names, for that dispatch only.
	 */
	static class UserFromHeader extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String user = request.getHeader(PerRequestAuthentication.USER_HEADER);
			if (user != null) {
				SecurityContextHolder.getContext()
					.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null,
							AuthorityUtils.createAuthorityList("ROLE_USER")));
			}
			chain.doFilter(request, response);
		}

	}

	/**
	 * Counts the {@code ASYNC} dispatches of the event stream that pass security, from a filter
	 * that runs after Spring Security's.
	 */
	@Configuration(proxyBeanMethods = false)
	static class AsyncDispatchCounter {

		final AtomicInteger streamDispatches = new AtomicInteger();

		@Bean
		FilterRegistrationBean<Filter> asyncDispatchCounter() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
				this.streamDispatches.incrementAndGet();
				chain.doFilter(request, response);
			});
			registration.setDispatcherTypes(DispatcherType.ASYNC);
			registration.addUrlPatterns(STREAM);
			return registration;
		}

	}

}
