package io.github.ssebroadcast.broadcast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The broadcaster core reads and tests without a server: it imports nothing of the servlet
 * API, of Spring MVC or of the starter's servlet transport, web endpoints or Spring Boot.
 */
class CoreDependenciesTests {

	private static final List<String> FORBIDDEN = List.of("import jakarta.", "import org.springframework.web.",
			"import org.springframework.boot.", "import io.github.ssebroadcast.servlet.",
			"import io.github.ssebroadcast.web.", "import io.github.ssebroadcast.autoconfigure.");

	@Test
	void coreImportsNothingOfTheServletLayer() throws IOException {
		List<Path> sources = coreSources();
		assertThat(sources).isNotEmpty();
		for (Path source : sources) {
			List<String> imports = Files.readAllLines(source).stream().filter((line) -> line.startsWith("import ")).toList();
			assertThat(imports).as(source.getFileName().toString())
				.noneMatch((line) -> FORBIDDEN.stream().anyMatch(line::startsWith));
		}
	}

	/**
	 * Return the core's sources, from this module or, for the Spring Boot 3.5 module, which
	 * compiles them too, from its sibling.
	 */
	private static List<Path> coreSources() throws IOException {
		String core = "src/main/java/io/github/ssebroadcast/broadcast";
		Path directory = Stream.of(Path.of(core), Path.of("../sse-broadcast-spring-boot-autoconfigure", core))
			.filter(Files::isDirectory)
			.findFirst()
			.orElseThrow();
		try (Stream<Path> files = Files.list(directory)) {
			return files.filter((file) -> file.toString().endsWith(".java")).toList();
		}
	}

}
