package io.github.ssebroadcast.sample;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the demo page's topics and its resuming after missed events in a real headless
 * Chromium, against the running sample. The events a test publishes through the API and
 * the page's log are compared in order: every client receives events in one order, so
 * once an event shows, every earlier event the page was sent shows too, and an event
 * that is not there by then never will be.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@RequiresChromium
class DemoPageTopicsAndReplayBrowserTests {

	@RegisterExtension
	static final Chromium chromium = new Chromium();

	@LocalServerPort
	private int port;

	private DemoPage page;

	@BeforeEach
	void openPage() {
		this.page = new DemoPage(chromium, this.port).open();
		chromium.requestedUrls();
	}

	@Test
	void showsTheEventsOfTheTopicsThePageSubscribesToAndNoOthers() throws Exception {
		this.page.toggleTopic("orders");
		this.page.connect();
		this.page.waitForLogEntry("connected", "clientId");
		assertThat(chromium.requestedUrls()).anyMatch((url) -> url.endsWith("/sse/broadcast?topic=orders"));
		assertThat(this.driverText("topic-summary")).isEqualTo("Selected: orders.");

		this.page.publish("alerts", "alert 1");
		this.page.publish("orders", "order 1");
		this.page.publish(null, "everyone 1");
		this.page.waitForLogEntry("message", "everyone 1");
		assertThat(this.page.messages()).containsExactly("everyone 1", "order 1");

		// a new subscription, which resumes after the last event received
		this.page.toggleTopic("alerts");
		this.page.awaitNotice("Replayed 0 missed events");
		String lastId = this.page.messageIds().get(0);
		assertThat(chromium.requestedUrls())
			.anyMatch((url) -> url.endsWith("/sse/broadcast?topic=orders&topic=alerts&lastEventId=" + lastId));
		this.page.publish("alerts", "alert 2");
		this.page.publish("orders", "order 2");
		this.page.waitForLogEntry("message", "order 2");
		assertThat(this.page.messages()).containsExactly("order 2", "alert 2", "everyone 1", "order 1");

		// a topic typed in, and one dropped
		this.page.typeTopic("builds/main");
		assertThat(this.page.topicBox("builds/main").isSelected()).isTrue();
		this.page.toggleTopic("orders");
		assertThat(this.driverText("topic-summary")).isEqualTo("Selected: alerts, builds/main.");
		this.page.publish("orders", "order 3");
		this.page.publish("builds/main", "build 1");
		this.page.publish(null, "everyone 2");
		this.page.waitForLogEntry("message", "everyone 2");
		assertThat(this.page.messages()).containsExactly("everyone 2", "build 1", "order 2", "alert 2", "everyone 1",
				"order 1");
		assertThat(chromium.requestedUrls())
			.anyMatch((url) -> url.contains("/sse/broadcast?topic=alerts&topic=builds%2Fmain&lastEventId="));
		chromium.screenshot("demo-topics");
	}

	@Test
	void publishesToATopicFromThePage() throws Exception {
		this.page.toggleTopic("alerts");
		this.page.connect();
		this.page.sendMessage("orders", "to orders from the page");
		assertThat(this.driverText("broadcast-message")).isEqualTo("Publish Message");
		this.page.awaitSent("Sent message to topic orders: queued for ");
		this.page.sendMessage("alerts", "to alerts from the page");
		this.page.awaitSent("Sent message to topic alerts: queued for ");
		this.page.waitForLogEntry("message", "to alerts from the page");
		this.page.sendMessage("", "to everyone from the page");
		assertThat(this.driverText("broadcast-message")).isEqualTo("Broadcast Message");
		this.page.awaitSent("Sent message to everyone: queued for ");
		this.page.waitForLogEntry("message", "to everyone from the page");
		assertThat(this.page.messages()).hasSize(2)
			.allMatch((data) -> data.contains("from the page"))
			.noneMatch((data) -> data.contains("to orders"));
	}

	@Test
	void showsWhyATopicIsRejected() {
		this.page.connect();
		this.page.sendMessage("no spaces", "never sent");
		this.page.awaitError("'topic' must be 1 to 128 letters, digits or");
		this.page.typeTopic("no spaces either");
		this.page.awaitError("Topic \"no spaces either\" is invalid");
		assertThat(this.page.topicBox("orders").isSelected()).isFalse();
		assertThat(this.driverText("broadcast-status")).isEqualTo("Connected");
	}

	@Test
	void replaysTheEventsMissedWhileDisconnectedOnReconnect() throws Exception {
		this.page.toggleTopic("orders");
		this.page.connect();
		this.page.publish(null, "before");
		String beforeId = this.page.waitForLogEntry("message", "before").getDomAttribute("data-id");
		assertThat(beforeId).isNotEmpty();
		this.page.disconnect();
		assertThat(this.page.connectButton()).isEqualTo("Reconnect");

		this.page.publish(null, "missed 1");
		this.page.publish("alerts", "not for the page");
		this.page.publish("orders", "missed 2");
		this.page.publish(null, "missed 3");
		chromium.requestedUrls();
		this.page.connect();
		WebElement notice = this.page.awaitNotice("Replayed 3 missed events");
		assertThat(notice.getDomAttribute("data-kind")).isEqualTo("replayed");
		assertThat(chromium.requestedUrls())
			.anyMatch((url) -> url.endsWith("/sse/broadcast?topic=orders&lastEventId=" + beforeId));
		this.page.waitForLogEntry("message", "missed 3");
		this.page.publish(null, "live");
		this.page.waitForLogEntry("message", "live");
		assertThat(this.page.messages()).containsExactly("live", "missed 3", "missed 2", "missed 1", "before");
		List<String> ids = this.page.messageIds();
		assertThat(ids).doesNotHaveDuplicates().allMatch((id) -> id.matches("[0-9a-z]+-\\d+"));
		assertThat(this.page.logEntries("connected")).hasSize(2);
		assertThat(this.page.logEntries("reset")).isEmpty();
		assertThat(notice.getText()).isEqualTo("Replayed 3 missed events");
		chromium.screenshot("demo-replayed");
	}

	@Test
	void replaysTheEventsMissedWhenTheBrowserReconnectsByItselfAfterTheNetworkDropped() throws Exception {
		try (NetworkLink network = NetworkLink.to(this.port)) {
			DemoPage page = new DemoPage(chromium, network.port(), this.port).open();
			page.connect();
			page.publish(null, "before the drop");
			page.waitForLogEntry("message", "before the drop");

			network.cut();
			page.awaitStatus("Reconnecting");
			page.publish(null, "missed 1");
			page.publish(null, "missed 2");
			page.publish(null, "missed 3");
			network.restore();
			// the browser's own reconnect, with a Last-Event-ID header
			page.awaitNotice("Replayed 3 missed events");
			page.awaitStatus("Connected");
			page.publish(null, "live");
			page.waitForLogEntry("message", "live");
			assertThat(page.messages()).containsExactly("live", "missed 3", "missed 2", "missed 1", "before the drop");
			assertThat(page.logEntries("connected")).hasSize(2);
		}
	}

	private String driverText(String id) {
		return chromium.driver().findElement(By.id(id)).getText();
	}

}
