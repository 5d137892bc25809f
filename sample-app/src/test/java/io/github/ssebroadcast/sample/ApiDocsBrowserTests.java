package io.github.ssebroadcast.sample;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renders Swagger UI and ReDoc in a real headless Chromium that cannot reach the internet.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
@RequiresChromium
class ApiDocsBrowserTests {

	private static final String[] OPERATIONS = { "SSE-getSseBroadcast", "SSE-postSseBroadcast", "Sample-getSseTicks",
			"Sample-postSseBroadcastProgress", "Sample-getSseClientCount", "Sample-getSampleInstance",
			"Sample-postUserNotification", "Sample-getSignedInUser" };

	@RegisterExtension
	static final Chromium chromium = new Chromium();

	@LocalServerPort
	private int port;

	@Test
	void swaggerUiRendersTheSseOperations() {
		WebDriver driver = chromium.driver();
		WebDriverWait wait = chromium.waiting();
		driver.get("http://127.0.0.1:" + this.port + "/docs/swagger");
		for (String operation : OPERATIONS) {
			wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("operations-" + operation)));
		}
		assertThat(driver.findElement(By.cssSelector(".info .title")).getText()).startsWith("SSE Broadcast Sample");
		chromium.screenshot("swagger-ui");

		WebElement stream = driver.findElement(By.id("operations-SSE-getSseBroadcast"));
		stream.findElement(By.className("opblock-summary-control")).click();
		wait.until(ExpectedConditions.textToBePresentInElement(stream, "text/event-stream"));
		wait.until(ExpectedConditions.textToBePresentInElement(stream, "event: connected"));
		chromium.screenshot("swagger-ui-stream");
	}

	@Test
	void redocRendersTheSseOperations() {
		WebDriver driver = chromium.driver();
		WebDriverWait wait = chromium.waiting();
		driver.get("http://127.0.0.1:" + this.port + "/docs/redoc");
		for (String summary : new String[] { "Broadcast SSE stream",
				"Broadcast an event to every connected client, or publish it to a topic", "Per-connection SSE stream",
				"Broadcast the progress of a task" }) {
			wait.until(ExpectedConditions
				.visibilityOfElementLocated(By.xpath("//h2[normalize-space(.)='" + summary + "']")));
		}
		assertThat(driver.findElement(By.tagName("h1")).getText()).startsWith("SSE Broadcast Sample");
		chromium.screenshot("redoc");
	}

	@Test
	void docsPagesAndTheDemoPageLoadNothingFromOtherHosts() {
		WebDriver driver = chromium.driver();
		WebDriverWait wait = chromium.waiting();
		String origin = "http://127.0.0.1:" + this.port;
		chromium.requestedUrls();
		driver.get(origin + "/docs/swagger");
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("operations-" + OPERATIONS[0])));
		driver.get(origin + "/docs/redoc");
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//*[contains(., 'API docs by Redocly')]")));
		driver.get(origin + "/");
		wait.until(ExpectedConditions.visibilityOfElementLocated(By.tagName("h1")));
		List<String> requested = chromium.requestedUrls();
		assertThat(requested).anyMatch((url) -> url.endsWith("/docs/redoc"));
		assertThat(requested).allMatch((url) -> url.startsWith(origin + "/") || url.startsWith("blob:" + origin + "/") || url.startsWith("data:"),
				"is served by the application");
	}

}
