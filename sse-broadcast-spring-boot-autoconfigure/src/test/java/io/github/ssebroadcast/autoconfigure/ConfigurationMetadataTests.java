package io.github.ssebroadcast.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.type.classreading.MetadataReader;
import org.springframework.core.type.classreading.MetadataReaderFactory;
import org.springframework.core.type.classreading.SimpleMetadataReaderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checks Spring Boot's own build makes: every property is documented, and every
 * auto-configuration is registered.
 */
class ConfigurationMetadataTests {

	@Test
	void everyPropertyHasDescriptionInGeneratedMetadata() throws IOException {
		List<JsonNode> properties = properties();
		assertThat(properties).hasSizeGreaterThanOrEqualTo(12);
		assertThat(properties).allSatisfy((property) -> assertThat(property.path("description").asText())
			.as(property.get("name").asText())
			.isNotBlank());
	}

	@Test
	void everyPropertyIsInReadmePropertiesTable() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
		assertThat(properties()).allSatisfy((property) -> assertThat(readme)
			.contains("`" + property.get("name").asText() + "`"));
	}

	@Test
	void everyAutoConfigurationIsInImportsFile() throws IOException {
		Set<String> annotated = new HashSet<>();
		MetadataReaderFactory readers = new SimpleMetadataReaderFactory();
		for (Resource resource : new PathMatchingResourcePatternResolver()
			.getResources("classpath*:io/github/ssebroadcast/**/*.class")) {
			MetadataReader reader = readers.getMetadataReader(resource);
			if (reader.getAnnotationMetadata().hasAnnotation(AutoConfiguration.class.getName())) {
				annotated.add(reader.getClassMetadata().getClassName());
			}
		}
		String imports = new ClassPathResource(
				"META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")
			.getContentAsString(StandardCharsets.UTF_8);
		Set<String> registered = imports.lines()
			.map(String::trim)
			.filter((line) -> !line.isEmpty() && !line.startsWith("#"))
			.collect(Collectors.toSet());
		assertThat(annotated).isNotEmpty().isEqualTo(registered);
	}

	private static List<JsonNode> properties() throws IOException {
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			List<JsonNode> properties = new ArrayList<>();
			new ObjectMapper().readTree(in).get("properties").forEach(properties::add);
			return properties;
		}
	}

}
