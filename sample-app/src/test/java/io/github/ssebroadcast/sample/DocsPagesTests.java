package io.github.ssebroadcast.sample;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo page and the documentation are served by the application itself, so that they
 * work offline.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "server.address=127.0.0.1")
class DocsPagesTests {

	private static final Pattern URL = Pattern.compile("(?i)(https?:)?//[a-z0-9.\\-]+(:\\d+)?");

	@LocalServerPort
	private int port;

	@Test
	void servesTheDemoPageAndItsAssets() throws Exception {
		Http http = new Http(this.port);
		HttpResponse<String> page = http.get("/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("<script src=\"demo.js\"></script>", "href=\"demo.css\"");
		assertThat(http.get("/demo.js").statusCode()).isEqualTo(200);
		assertThat(http.get("/demo.css").statusCode()).isEqualTo(200);
	}

	@Test
	void servesSwaggerUiAtDocsSwagger() throws Exception {
		Http http = new Http(this.port);
		HttpResponse<String> redirect = http.get("/docs/swagger");
		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location")).hasValue("/docs/swagger-ui/index.html");
		assertThat(http.get("/docs/swagger-ui/index.html").statusCode()).isEqualTo(200);
		HttpResponse<String> config = http.get("/openapi/v3.1/openapi.json/swagger-config");
		assertThat(Http.json(config).get("url").asString()).isEqualTo("/openapi/v3.1/openapi.json");
	}

	@Test
	void servesRedocAndItsScriptAtDocsRedoc() throws Exception {
		Http http = new Http(this.port);
		HttpResponse<String> page = http.get("/docs/redoc");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("spec-url=\"../openapi/v3.1/openapi.json\"",
				"src=\"../webjars/redoc/redoc.standalone.js\"");
		HttpResponse<String> script = http.get("/webjars/redoc/redoc.standalone.js");
		assertThat(script.statusCode()).isEqualTo(200);
		assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(
				(contentType) -> assertThat(contentType).contains("javascript"));
	}

	@Test
	void staticFilesLoadNothingFromOtherHosts() throws IOException {
		Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:static/**/*.*");
		assertThat(resources).isNotEmpty();
		for (Resource resource : resources) {
			String text = resource.getContentAsString(StandardCharsets.UTF_8);
			Matcher matcher = URL.matcher(text);
			while (matcher.find()) {
				assertThat(matcher.group()).as("URL in %s", resource.getFilename()).matches("(?i)(https?:)?//localhost(:\\d+)?");
			}
		}
	}

}
