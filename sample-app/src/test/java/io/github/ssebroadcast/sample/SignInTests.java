package io.github.ssebroadcast.sample;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo users sign in through Spring Security's login form, over real HTTP, and
 * {@code /api/me} tells who is signed in.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class SignInTests {

	@LocalServerPort
	private int port;

	@Test
	void tellsWhoIsSignedIn() throws Exception {
		Http http = new Http(this.port);
		HttpResponse<String> anonymous = http.get("/api/me");
		assertThat(anonymous.statusCode()).isEqualTo(200);
		assertThat(Http.json(anonymous).get("name").isNull()).isTrue();
		for (String name : new String[] { "alice", "bob" }) {
			HttpResponse<String> signedIn = SignedInUser.signIn(http, name).get("/api/me");
			assertThat(Http.json(signedIn).get("name").asString()).isEqualTo(name);
		}
	}

	@Test
	void doesNotSignInWithAWrongPassword() throws Exception {
		Http http = new Http(this.port);
		HttpResponse<String> page = http.get("/login");
		HttpResponse<String> login = http.post("/login", "application/x-www-form-urlencoded",
				SignedInUser.form("username", "alice", "password", "wrong", "_csrf", SignedInUser.csrfToken(page)),
				"Cookie", SignedInUser.sessionCookie(page));
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/login?error"));
	}

	@Test
	void theLoginFormNeedsItsCsrfToken() throws Exception {
		Http http = new Http(this.port);
		HttpResponse<String> login = http.post("/login", "application/x-www-form-urlencoded",
				SignedInUser.form("username", "alice", "password", SampleSecurityConfiguration.PASSWORD));
		assertThat(login.statusCode()).isEqualTo(403);
	}

}
