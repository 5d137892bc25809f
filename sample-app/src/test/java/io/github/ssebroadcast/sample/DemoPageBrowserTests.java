package io.github.ssebroadcast.sample;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import io.github.ssebroadcast.broadcast.SseBroadcaster;
import io.github.ssebroadcast.event.SseEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Drives the demo page in a real headless Chromium, against the running sample. Keep-alives
 * go every 2 s, so that a page of an earlier test that went away is noticed, and leaves the
 * client count the page shows, well within a test's wait.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "sse.broadcast.keep-alive=2s" })
@RequiresChromium
class DemoPageBrowserTests {

	@RegisterExtension
	static final Chromium chromium = new Chromium();

	@LocalServerPort
	private int port;

	@Autowired
	private SseBroadcaster broadcaster;

	private WebDriver driver;

	private WebDriverWait wait;

	@BeforeEach
	void openPage() {
		this.driver = chromium.driver();
		this.wait = chromium.waiting();
		this.driver.get("http://127.0.0.1:" + this.port + "/");
		this.wait.until(ExpectedConditions.titleIs("SSE Broadcast Sample"));
	}

	@Test
	void showsBroadcastsFromThePageAndFromHttpInTheLog() throws Exception {
		connect();
		waitForLogEntry("broadcast-log", "connected", "clientId");

		click("broadcast-ping");
		waitForLogEntry("broadcast-log", "ping", "time");

		WebElement text = this.driver.findElement(By.id("message-text"));
		text.clear();
		text.sendKeys("Hello from the page");
		click("broadcast-message");
		waitForLogEntry("broadcast-log", "message", "Hello from the page");

		click("broadcast-progress");
		waitForLogEntry("broadcast-log", "progress", "demo-task");

		HttpResponse<String> response = new Http(this.port).postJson("/api/broadcast",
				"{\"event\":\"message\",\"data\":{\"text\":\"Hello from curl\"},\"id\":\"42\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		WebElement fromHttp = waitForLogEntry("broadcast-log", "message", "Hello from curl");
		assertThat(fromHttp.getDomAttribute("data-id")).isEqualTo("42");
		assertThat(fromHttp.findElement(By.className("id")).getText()).isEqualTo("#42");
		assertThat(this.driver.findElement(By.id("broadcast-error")).isDisplayed()).isFalse();
		chromium.screenshot("demo-broadcast");
	}

	@Test
	void showsTheProblemWhenABroadcastIsRejected() {
		connect();
		WebElement text = this.driver.findElement(By.id("message-text"));
		text.clear();
		click("broadcast-message");
		waitForLogEntry("broadcast-log", "message", "\"text\":\"\"");
		// ten more clicks reach 100 %, the next starts again at 10 %: every body is valid
		for (int i = 0; i < 11; i++) {
			click("broadcast-progress");
		}
		waitForLogEntry("broadcast-log", "progress", "\"progress\":10,");
		assertThat(this.driver.findElement(By.id("broadcast-error")).isDisplayed()).isFalse();
	}

	@Test
	void namesTheInstanceAndThatItHasNoRelay() {
		this.wait.until(ExpectedConditions.textToBe(By.id("instance-name"), "sse-broadcast-sample:" + this.port));
		assertThat(this.driver.findElement(By.id("instance-relay")).getText()).isEqualTo("No relay: this instance only");
		assertThat(this.driver.findElement(By.id("client-count-label")).getText()).isEqualTo("Connected clients");
	}

	@Test
	void countsConnectedClients() throws Exception {
		awaitClientCount(0);
		this.wait.until(ExpectedConditions.textToBe(By.id("client-count"), "0"));
		connect();
		this.wait.until(ExpectedConditions.textToBe(By.id("client-count"), "1"));
		try (SseTestClient other = SseTestClient.connect(new Http(this.port).uri("/sse/broadcast"))) {
			other.next("connected");
			this.wait.until(ExpectedConditions.textToBe(By.id("client-count"), "2"));
			chromium.screenshot("demo-client-count");
		}
		awaitClientCount(1);
		this.wait.until(ExpectedConditions.textToBe(By.id("client-count"), "1"));
		click("disconnect");
		this.wait.until(ExpectedConditions.textToBe(By.id("broadcast-status"), "Disconnected"));
		awaitClientCount(0);
		this.wait.until(ExpectedConditions.textToBe(By.id("client-count"), "0"));
	}

	@Test
	void showsThreeTicksThenCompleteOfAPerConnectionStream() {
		startStream("3", "100");
		waitForLogEntry("stream-log", "complete", "Sent 3 ticks");
		assertThat(logEntries("stream-log", "connected")).hasSize(1);
		assertThat(tickIds()).containsExactly("3", "2", "1");
		assertThat(this.driver.findElement(By.id("stream-status")).getText()).isEqualTo("Complete");
		assertThat(this.driver.findElement(By.id("stream-progress")).getDomProperty("value")).isEqualTo("3");
		assertThat(this.driver.findElement(By.id("stream-start")).isEnabled()).isTrue();
		chromium.screenshot("demo-per-connection");
	}

	@Test
	void resumesAPausedStreamAfterTheLastTick() {
		startStream("6", "250");
		waitForLogEntry("stream-log", "tick", "\"i\":2,");
		click("stream-pause");
		this.wait.until(ExpectedConditions.textMatches(By.id("stream-status"), java.util.regex.Pattern.compile("Paused after tick \\d+")));
		String status = this.driver.findElement(By.id("stream-status")).getText();
		String lastTick = status.substring(status.lastIndexOf(' ') + 1);
		assertThat(this.driver.findElement(By.id("stream-pause")).getText()).isEqualTo("Resume");
		chromium.screenshot("demo-paused");

		click("stream-pause");
		waitForLogEntry("stream-log", "complete", "Sent 6 ticks");
		assertThat(tickIds()).containsExactly("6", "5", "4", "3", "2", "1");
		List<WebElement> connected = logEntries("stream-log", "connected");
		assertThat(connected).hasSize(2);
		assertThat(connected.get(0).getText()).contains("Resuming after tick " + lastTick + " of 6");
	}

	@Test
	void showsTheServersProblemForABadCount() {
		startStream("0", "100");
		WebElement error = this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("stream-error")));
		this.wait.until(ExpectedConditions.textToBePresentInElement(error, "'count' must be between 1 and 1000"));
		assertThat(this.driver.findElement(By.id("stream-status")).getText()).isEqualTo("Failed");
		assertThat(logEntries("stream-log", "tick")).isEmpty();
		chromium.screenshot("demo-bad-count");
	}

	@Test
	void runsBothStreamsSideBySide() throws Exception {
		connect();
		waitForLogEntry("broadcast-log", "connected", "clientId");
		startStream("5", "200");
		click("broadcast-ping");
		WebElement text = this.driver.findElement(By.id("message-text"));
		text.clear();
		text.sendKeys("Deploy finished");
		click("broadcast-message");
		click("broadcast-progress");
		click("broadcast-progress");
		new Http(this.port).postJson("/api/broadcast",
				"{\"event\":\"message\",\"data\":{\"text\":\"Hello from curl\"}}");
		waitForLogEntry("broadcast-log", "message", "Hello from curl");
		waitForLogEntry("broadcast-log", "progress", "\"progress\":20");
		waitForLogEntry("stream-log", "complete", "Sent 5 ticks");
		assertThat(tickIds()).containsExactly("5", "4", "3", "2", "1");
		this.wait.until(ExpectedConditions.textToBe(By.id("client-count"), "1"));
		chromium.screenshot("demo-page");
	}

	private void connect() {
		click("connect");
		this.wait.until(ExpectedConditions.textToBe(By.id("broadcast-status"), "Connected"));
	}

	private void startStream(String count, String intervalMs) {
		WebElement countInput = this.driver.findElement(By.id("stream-count"));
		countInput.clear();
		countInput.sendKeys(count);
		WebElement intervalInput = this.driver.findElement(By.id("stream-interval"));
		intervalInput.clear();
		intervalInput.sendKeys(intervalMs);
		click("stream-start");
	}

	private void click(String id) {
		this.wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
	}

	private WebElement waitForLogEntry(String log, String event, String text) {
		By entry = By.xpath("//ol[@id='" + log + "']/li[@data-event='" + event + "'][span[@class='data' and contains(., '"
				+ text + "')]]");
		return this.wait.until(ExpectedConditions.presenceOfElementLocated(entry));
	}

	private List<WebElement> logEntries(String log, String event) {
		return this.driver.findElements(By.cssSelector("#" + log + " li[data-event='" + event + "']"));
	}

	private List<String> tickIds() {
		return logEntries("stream-log", "tick").stream().map((entry) -> entry.getDomAttribute("data-id")).toList();
	}

	/**
	 * Wait until the broadcaster counts the given number of clients. A client that went
	 * away is noticed when a write to it fails, so keep writing comments, which browsers
	 * ignore, until then.
	 */
	private void awaitClientCount(int count) {
		await().atMost(Chromium.TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
			this.broadcaster.broadcast(SseEvent.builder().comment("probe").build());
			return this.broadcaster.getClientCount() == count;
		});
	}

}
