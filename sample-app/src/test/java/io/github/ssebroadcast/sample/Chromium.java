package io.github.ssebroadcast.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.FileSystemUtils;

/**
 * A headless Chromium for browser tests, driven through chromedriver with Selenium.
 * <p>The browser and the driver are taken from {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver} (Debian's {@code chromium} and {@code chromium-driver}
 * packages), or from the {@code chromium.binary} and {@code chromium.driver} system
 * properties. Both paths are given to Selenium, so Selenium Manager never downloads
 * anything. The browser resolves no host name but {@code localhost}: a page that needs
 * the internet fails its test.
 * <p>A test class registers one as a static {@code @RegisterExtension} field: the browser
 * starts before the class's tests and quits after them.
 */
final class Chromium implements BeforeAllCallback, AfterAllCallback {

	static final Path BINARY = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));

	static final Path DRIVER = Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));

	static final String INSTALL_HINT = "Install them with 'apt-get install -y chromium chromium-driver' "
			+ "(or set -Dchromium.binary=... -Dchromium.driver=...).";

	static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper LOG_READER = new JsonMapper();

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	/**
	 * The tests use WebDriver, not the DevTools protocol: Selenium's warnings that it has
	 * no DevTools bindings for this Chromium version are noise. Held here so that the
	 * levels stay set.
	 */
	private static final List<Logger> QUIET_LOGGERS = List.of(
			Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
			Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

	static {
		QUIET_LOGGERS.forEach((logger) -> logger.setLevel(Level.SEVERE));
	}

	private ChromeDriver driver;

	private Path profile;

	/**
	 * Return what is missing to run browser tests.
	 * @return descriptions of the missing executables, empty if none is missing
	 */
	static List<String> missing() {
		List<String> missing = new ArrayList<>();
		if (!Files.isExecutable(BINARY)) {
			missing.add("Chromium not found at " + BINARY);
		}
		if (!Files.isExecutable(DRIVER)) {
			missing.add("chromedriver not found at " + DRIVER);
		}
		return missing;
	}

	/**
	 * Start a headless browser with a fresh profile.
	 */
	@Override
	public void beforeAll(ExtensionContext context) throws IOException {
		this.profile = Files.createTempDirectory("chromium-profile-");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BINARY.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--disable-extensions", "--window-size=1280,900", "--user-data-dir=" + this.profile,
				"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1");
		// every request the browser makes, read back by requestedUrls()
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.PERFORMANCE, Level.ALL);
		options.setCapability("goog:loggingPrefs", logging);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
	}

	WebDriver driver() {
		return this.driver;
	}

	/**
	 * Return the URLs of the requests the browser sent since the last call, from its
	 * performance log: a request the page's own Content-Security-Policy blocked never leaves
	 * the browser and is not among them.
	 * @return the URLs, in the order requested
	 */
	List<String> requestedUrls() {
		Map<String, String> urls = new LinkedHashMap<>();
		for (LogEntry entry : this.driver.manage().logs().get(LogType.PERFORMANCE)) {
			JsonNode message = LOG_READER.readTree(entry.getMessage()).path("message");
			JsonNode params = message.path("params");
			switch (message.path("method").asString("")) {
				case "Network.requestWillBeSent" ->
					urls.put(params.path("requestId").asString(), params.path("request").path("url").asString());
				case "Network.loadingFailed" -> {
					if (params.hasNonNull("blockedReason")) {
						urls.remove(params.path("requestId").asString());
					}
				}
				default -> {
				}
			}
		}
		return new ArrayList<>(urls.values());
	}

	WebDriverWait waiting() {
		return new WebDriverWait(this.driver, TIMEOUT);
	}

	/**
	 * Save a screenshot of the window as {@code target/screenshots/<name>.png}.
	 * @param name the file name, without extension
	 * @return the file
	 */
	Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			Path taken = this.driver.getScreenshotAs(OutputType.FILE).toPath();
			Files.copy(taken, file, StandardCopyOption.REPLACE_EXISTING);
			Files.deleteIfExists(taken);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		try {
			if (this.driver != null) {
				this.driver.quit();
			}
		}
		finally {
			if (this.profile != null) {
				FileSystemUtils.deleteRecursively(this.profile);
			}
		}
	}

}
