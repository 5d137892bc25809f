package io.github.ssebroadcast.sample;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alice and Bob sign in on the demo page, each in a browser of their own (their own
 * cookies), and a third browser stays signed out: each page shows the notifications sent to
 * its user, and no other.
 * <p>That a page did not receive a notification is checked without waiting for nothing:
 * every client gets its events in the order they were sent, so once a page shows a
 * broadcast sent after the notifications, it would already show a notification meant for
 * it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "sse.broadcast.keep-alive=2s" })
@RequiresChromium
class DemoPageNotificationsBrowserTests {

	@RegisterExtension
	static final Chromium alicesBrowser = new Chromium();

	@RegisterExtension
	static final Chromium bobsBrowser = new Chromium();

	@RegisterExtension
	static final Chromium visitorsBrowser = new Chromium();

	@LocalServerPort
	private int port;

	private DemoPage alice;

	private DemoPage bob;

	private DemoPage visitor;

	@BeforeEach
	void openPagesSignedOut() {
		this.alice = new DemoPage(alicesBrowser, this.port).openSignedOut();
		this.bob = new DemoPage(bobsBrowser, this.port).openSignedOut();
		this.visitor = new DemoPage(visitorsBrowser, this.port).openSignedOut();
	}

	@Test
	void eachSignedInPageShowsTheNotificationsToItsUserOnly() throws Exception {
		this.alice.signIn("alice");
		this.bob.signIn("bob");
		assertThat(this.alice.awaitSignedInAs("alice")).startsWith("Signed in as alice");
		alicesBrowser.screenshot("demo-signed-in");
		assertThat(this.visitor.awaitSignedOut().getText()).isEqualTo("Sign in to get notifications");
		this.alice.connect();
		this.bob.connect();
		this.visitor.connect();

		assertThat(this.alice.notificationRecipient()).isEqualTo("bob");
		this.alice.sendNotification("bob", "Lunch at noon?");
		this.alice.awaitNotificationSent("Sent notification to bob");
		this.bob.sendNotification("alice", "Yes, see you there");
		this.bob.awaitNotificationSent("Sent notification to alice");
		this.bob.awaitNotification("alice", "Lunch at noon?");
		this.alice.awaitNotification("bob", "Yes, see you there");

		this.alice.publish(null, "after the notifications");
		for (DemoPage page : new DemoPage[] { this.alice, this.bob, this.visitor }) {
			page.waitForLogEntry("message", "after the notifications");
		}
		assertThat(this.alice.notifications()).containsExactly("bob: Yes, see you there");
		assertThat(this.bob.notifications()).containsExactly("alice: Lunch at noon?");
		assertThat(this.visitor.notifications()).isEmpty();
		assertThat(this.alice.logEntries("notification")).hasSize(1);
		assertThat(this.bob.logEntries("notification")).hasSize(1);
		assertThat(this.visitor.logEntries("notification")).isEmpty();
		alicesBrowser.screenshot("demo-notifications-alice");
		visitorsBrowser.screenshot("demo-notifications-signed-out");
	}

	@Test
	void aPageSignedOutGetsNoMoreNotifications() throws Exception {
		this.alice.signIn("alice");
		this.bob.signIn("bob");
		this.bob.signOut();
		this.alice.connect();
		this.bob.connect();

		this.alice.sendNotification("bob", "Still there?");
		this.alice.awaitNotificationSent("Sent notification to bob");
		this.alice.publish(null, "after the notification");
		this.bob.waitForLogEntry("message", "after the notification");
		assertThat(this.bob.notifications()).isEmpty();
		assertThat(this.bob.logEntries("notification")).isEmpty();
	}

}
