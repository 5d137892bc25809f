package io.github.ssebroadcast.benchmarks.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class RedisServerTests {

	@TempDir
	Path directory;

	@Test
	void findsTheFirstExecutableRedisServerInTheDirectoriesGiven() throws IOException {
		Path empty = Files.createDirectory(this.directory.resolve("empty"));
		Path notExecutable = Files.createDirectory(this.directory.resolve("not-executable"));
		Files.createFile(notExecutable.resolve("redis-server"));
		Path installed = Files.createDirectory(this.directory.resolve("bin"));
		Path executable = Files.createFile(installed.resolve("redis-server"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		assertThat(RedisServer.find(List.of(empty, notExecutable, installed))).contains(executable);
	}

	@Test
	void findsNoneWhereNoneIsInstalled() throws IOException {
		Path empty = Files.createDirectory(this.directory.resolve("empty"));
		assertThat(RedisServer.find(List.of(empty, this.directory.resolve("missing")))).isEmpty();
	}

	@Test
	void runsOnALoopbackPortAndKeepsNothingOnDisk() {
		assertThat(RedisServer.command(Path.of("/usr/bin/redis-server"), 16379, Path.of("/tmp/logs")))
			.containsExactly("/usr/bin/redis-server", "--port", "16379", "--bind", "127.0.0.1", "--save", "",
					"--appendonly", "no", "--dir", "/tmp/logs");
	}

}
