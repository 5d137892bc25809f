package io.github.ssebroadcast.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broadcast half of the demo page, as a person uses it, for the browser tests of its
 * topics, replay and notifications; and the API calls a test makes beside it, as another
 * publisher would. Every wait is on a condition, bounded by {@link Chromium#TIMEOUT}.
 */
final class DemoPage {

	private final WebDriver driver;

	private final WebDriverWait wait;

	private final Http http;

	private final int pagePort;

	DemoPage(Chromium chromium, int port) {
		this(chromium, port, port);
	}

	/**
	 * Drive the page loaded from one port, such as a {@link NetworkLink}'s, and publish to
	 * the application at another.
	 */
	DemoPage(Chromium chromium, int pagePort, int applicationPort) {
		this.driver = chromium.driver();
		this.wait = chromium.waiting();
		this.http = new Http(applicationPort);
		this.pagePort = pagePort;
	}

	DemoPage open() {
		return open("/");
	}

	/**
	 * Load the page with a query of its own, such as {@code /?lastEventId=...}.
	 * @param pathAndQuery the page's path and query
	 */
	DemoPage open(String pathAndQuery) {
		this.driver.get("http://127.0.0.1:" + this.pagePort + pathAndQuery);
		this.wait.until(ExpectedConditions.titleIs("SSE Broadcast Sample"));
		return this;
	}

	/**
	 * Load the page as a visitor who is not signed in, without the session of an earlier
	 * test.
	 */
	DemoPage openSignedOut() {
		open();
		this.driver.manage().deleteAllCookies();
		open();
		awaitSignedOut();
		return this;
	}

	/**
	 * Follow the page's link to sign in, sign in with the demo password, and wait until the
	 * page, loaded again, says who is signed in.
	 * @param name the user's name
	 */
	void signIn(String name) {
		click("sign-in");
		this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username"))).sendKeys(name);
		element("password").sendKeys(SampleSecurityConfiguration.PASSWORD);
		this.driver.findElement(By.cssSelector("form.login-form button[type='submit']")).click();
		this.wait.until(ExpectedConditions.titleIs("SSE Broadcast Sample"));
		awaitSignedInAs(name);
	}

	/**
	 * Wait until the page says who is signed in.
	 * @param name the user's name
	 * @return the page's text about the user
	 */
	String awaitSignedInAs(String name) {
		this.wait.until(ExpectedConditions.textToBe(By.id("user-name"), name));
		return element("account").getText();
	}

	/**
	 * Follow the page's link to sign out, confirm, and wait until the page, loaded again,
	 * offers to sign in.
	 */
	void signOut() {
		click("sign-out");
		this.wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("form.logout-form button"))).click();
		this.wait.until(ExpectedConditions.titleIs("SSE Broadcast Sample"));
		awaitSignedOut();
	}

	/**
	 * Wait until the page offers to sign in.
	 * @return the link to sign in
	 */
	WebElement awaitSignedOut() {
		return this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
	}

	/**
	 * Send a notification from the page's form.
	 * @param to the name of the user to notify
	 * @param text the notification
	 */
	void sendNotification(String to, String text) {
		type("notification-to", to);
		type("notification-text", text);
		click("send-notification");
	}

	String notificationRecipient() {
		return element("notification-to").getDomProperty("value");
	}

	/**
	 * Wait until the page tells that the server took the notification it sent.
	 * @param text the text the page's answer contains
	 */
	void awaitNotificationSent(String text) {
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("notification-result"), text));
	}

	WebElement awaitNotification(String from, String text) {
		By entry = By.xpath("//ol[@id='notification-list']/li[@data-from='" + from + "'][span[@class='text' and .='"
				+ text + "']]");
		return this.wait.until(ExpectedConditions.presenceOfElementLocated(entry));
	}

	/**
	 * Return the notifications the page received, newest first.
	 * @return each notification as {@code from: text}
	 */
	List<String> notifications() {
		return this.driver.findElements(By.cssSelector("#notification-list li"))
			.stream()
			.map((entry) -> entry.findElement(By.className("from")).getText() + ": "
					+ entry.findElement(By.className("text")).getText())
			.toList();
	}

	/**
	 * Wait until the page names the instance it is connected to.
	 * @param name the instance's name as the page shows it
	 * @return the page's text about the instance
	 */
	String awaitInstance(String name) {
		this.wait.until(ExpectedConditions.textToBe(By.id("instance-name"), name));
		return element("instance").getText();
	}

	void click(String id) {
		this.wait.until(ExpectedConditions.elementToBeClickable(By.id(id))).click();
	}

	/**
	 * Click Connect, or Reconnect, and wait for the stream to open.
	 */
	void connect() {
		click("connect");
		awaitStatus("Connected");
	}

	void disconnect() {
		click("disconnect");
		awaitStatus("Disconnected");
	}

	void awaitStatus(String status) {
		this.wait.until(ExpectedConditions.textToBe(By.id("broadcast-status"), status));
	}

	String connectButton() {
		return element("connect").getText();
	}

	/**
	 * Tick or untick a topic's box, which resubscribes a connected page.
	 * @param topic the topic
	 */
	void toggleTopic(String topic) {
		topicBox(topic).click();
	}

	WebElement topicBox(String topic) {
		return this.driver.findElements(By.cssSelector("#topic-list input[name='topic']"))
			.stream()
			.filter((box) -> topic.equals(box.getDomAttribute("value")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No box for topic " + topic));
	}

	/**
	 * Type a topic in the page's "Other topic" field and press Enter.
	 * @param topic the topic
	 */
	void typeTopic(String topic) {
		WebElement input = element("topic-new");
		input.clear();
		input.sendKeys(topic, Keys.ENTER);
	}

	/**
	 * Send a message from the page's form.
	 * @param topic the topic to publish to, or empty to broadcast to everyone
	 * @param text the message text
	 */
	void sendMessage(String topic, String text) {
		type("message-text", text);
		type("message-topic", topic);
		click("broadcast-message");
	}

	/**
	 * Replace the text of an input field.
	 * @param id the field's id
	 * @param text the new text
	 */
	private void type(String id, String text) {
		WebElement input = element(id);
		input.clear();
		input.sendKeys(text);
	}

	/**
	 * Wait until the notice about the stream's history reads the given text.
	 * @param text the text the notice contains
	 * @return the notice
	 */
	WebElement awaitNotice(String text) {
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("broadcast-notice"), text));
		return this.driver.findElement(By.cssSelector("#broadcast-notice .notice"));
	}

	/**
	 * Wait until the page tells that the server took what it sent.
	 * @param text the text the page's answer contains
	 */
	void awaitSent(String text) {
		this.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("send-result"), text));
	}

	WebElement awaitError(String text) {
		WebElement error = this.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("broadcast-error")));
		this.wait.until(ExpectedConditions.textToBePresentInElement(error, text));
		return error;
	}

	WebElement waitForLogEntry(String event, String text) {
		By entry = By.xpath("//ol[@id='broadcast-log']/li[@data-event='" + event
				+ "'][span[@class='data' and contains(., '" + text + "')]]");
		return this.wait.until(ExpectedConditions.presenceOfElementLocated(entry));
	}

	List<WebElement> logEntries(String event) {
		return this.driver.findElements(By.cssSelector("#broadcast-log li[data-event='" + event + "']"));
	}

	/**
	 * Return the data of the {@code message} events in the log, newest first.
	 * @return the messages
	 */
	List<String> messages() {
		return logEntries("message").stream().map((entry) -> entry.findElement(By.className("data")).getText()).toList();
	}

	List<String> messageIds() {
		return logEntries("message").stream().map((entry) -> entry.getDomAttribute("data-id")).toList();
	}

	/**
	 * Publish a message through the JSON API, from the test.
	 * @param topic the topic, or {@code null} to broadcast to everyone
	 * @param text the message, sent as the event's data as is
	 */
	void publish(String topic, String text) throws IOException, InterruptedException {
		String body = "{\"event\":\"message\",\"data\":\"" + text + "\""
				+ ((topic != null) ? ",\"topic\":\"" + topic + "\"" : "") + "}";
		HttpResponse<String> response = this.http.postJson("/api/broadcast", body);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
	}

	private WebElement element(String id) {
		return this.driver.findElement(By.id(id));
	}

}
