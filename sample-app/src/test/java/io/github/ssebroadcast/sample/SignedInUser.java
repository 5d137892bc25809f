package io.github.ssebroadcast.sample;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A demo user signed in through the sample's login form over plain HTTP, as a browser
 * signs in: the form's CSRF token goes with the credentials, and the session cookie the
 * server answers with goes with each of the user's requests and streams.
 */
final class SignedInUser {

	private static final Pattern CSRF_INPUT = Pattern.compile("<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]*)\"");

	private final Http http;

	private final String name;

	private final String sessionCookie;

	private SignedInUser(Http http, String name, String sessionCookie) {
		this.http = http;
		this.name = name;
		this.sessionCookie = sessionCookie;
	}

	/**
	 * Sign in with the password of the demo users.
	 * @param http the application
	 * @param name the user's name
	 * @return the signed-in user
	 */
	static SignedInUser signIn(Http http, String name) throws IOException, InterruptedException {
		HttpResponse<String> page = http.get("/login");
		assertThat(page.statusCode()).isEqualTo(200);
		HttpResponse<String> login = http.post("/login", "application/x-www-form-urlencoded",
				form("username", name, "password", SampleSecurityConfiguration.PASSWORD, "_csrf", csrfToken(page)),
				"Cookie", sessionCookie(page));
		assertThat(login.statusCode()).as("signing in as %s", name).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).as("signing in as %s", name)
			.hasValueSatisfying((location) -> assertThat(location).doesNotContain("error"));
		// the session gets a new id on signing in
		return new SignedInUser(http, name, sessionCookie(login));
	}

	/**
	 * Return the CSRF token of the login form.
	 * @param page the login page
	 * @return the token, to post with the form
	 */
	static String csrfToken(HttpResponse<String> page) {
		Matcher csrf = CSRF_INPUT.matcher(page.body());
		assertThat(csrf.find()).as("CSRF token in the login form:%n%s", page.body()).isTrue();
		return csrf.group(1);
	}

	/**
	 * Return the {@code name=value} pair of a response's session cookie.
	 * @param response the response that set it
	 * @return the cookie, to send back in a {@code Cookie} header
	 */
	static String sessionCookie(HttpResponse<?> response) {
		return response.headers()
			.allValues("Set-Cookie")
			.stream()
			.filter((cookie) -> cookie.startsWith("JSESSIONID="))
			.map((cookie) -> cookie.substring(0, (cookie.indexOf(';') >= 0) ? cookie.indexOf(';') : cookie.length()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No session cookie in " + response.headers().map()));
	}

	static String form(String... namesAndValues) {
		StringBuilder form = new StringBuilder();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			form.append((i > 0) ? "&" : "")
				.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
		}
		return form.toString();
	}

	String name() {
		return this.name;
	}

	HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
		return this.http.get(pathAndQuery, "Cookie", this.sessionCookie);
	}

	HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
		return this.http.post(path, contentType, body, "Cookie", this.sessionCookie);
	}

	HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
		return post(path, "application/json", body);
	}

	/**
	 * Open the broadcast stream as this user.
	 * @return the stream's client
	 */
	SseTestClient openBroadcastStream() throws IOException, InterruptedException {
		return SseTestClient.connect(this.http.uri("/sse/broadcast"), "Cookie", this.sessionCookie);
	}

}
