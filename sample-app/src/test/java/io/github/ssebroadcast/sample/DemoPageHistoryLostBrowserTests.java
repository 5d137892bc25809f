package io.github.ssebroadcast.sample;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the demo page in a real headless Chromium against a sample that keeps only its
 * last two events for clients that resume: a page that missed more cannot be given what it
 * missed, and says so.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "sse.broadcast.replay.max-events=2" })
@RequiresChromium
class DemoPageHistoryLostBrowserTests {

	@RegisterExtension
	static final Chromium chromium = new Chromium();

	@LocalServerPort
	private int port;

	private DemoPage page;

	@BeforeEach
	void openPage() {
		this.page = new DemoPage(chromium, this.port).open();
	}

	@Test
	void showsHistoryLostOnReconnectAfterTheHistoryMovedOn() throws Exception {
		this.page.connect();
		this.page.publish(null, "before");
		String beforeId = this.page.waitForLogEntry("message", "before").getDomAttribute("data-id");
		this.page.disconnect();
		this.page.publish(null, "missed 1");
		this.page.publish(null, "missed 2");
		this.page.publish(null, "missed 3");

		this.page.connect();
		this.page.awaitNotice("History lost");
		WebElement notice = this.page.awaitNotice("History lost: reloaded");
		assertThat(notice.getDomAttribute("data-kind")).isEqualTo("reset");
		// the page started its log afresh, with the reset event
		WebElement reset = this.page.waitForLogEntry("reset", "expired");
		JsonNode data = Http.json(reset.findElement(By.className("data")).getText());
		assertThat(data.get("lastEventId").asString()).isEqualTo(beforeId);
		assertThat(data.get("reason").asString()).isEqualTo("expired");
		assertThat(reset.getDomAttribute("data-id")).isNotEmpty().isNotEqualTo(beforeId);
		assertThat(this.page.messages()).isEmpty();
		assertThat(this.page.logEntries("connected")).isEmpty();

		this.page.publish(null, "live");
		this.page.waitForLogEntry("message", "live");
		assertThat(this.page.messages()).containsExactly("live");
		chromium.screenshot("demo-history-lost");

		// and it resumes from there
		this.page.disconnect();
		this.page.publish(null, "missed after");
		this.page.connect();
		this.page.awaitNotice("Replayed 1 missed event");
		this.page.waitForLogEntry("message", "missed after");
		assertThat(this.page.messages()).containsExactly("missed after", "live");
	}

	@Test
	void showsHistoryLostWhenTheBrowserReconnectsByItselfAfterTheNetworkDropped() throws Exception {
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
			page.awaitNotice("History lost: reloaded");
			page.awaitStatus("Connected");
			page.waitForLogEntry("reset", "expired");
			page.publish(null, "live");
			page.waitForLogEntry("message", "live");
			assertThat(page.messages()).containsExactly("live");
		}
	}

}

