package io.github.ssebroadcast.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Demo application: a broadcast stream at {@code /sse/broadcast}, a JSON broadcast API at
 * {@code /api/broadcast} and a demo page at {@code /}.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
