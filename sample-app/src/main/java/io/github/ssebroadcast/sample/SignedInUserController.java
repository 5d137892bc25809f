package io.github.ssebroadcast.sample;

import java.security.Principal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells who the caller is signed in as. The demo page asks it to show "Signed in as alice"
 * and the notification form, or a link to sign in.
 */
@RestController
@Tag(name = SampleOpenApiConfiguration.TAG)
class SignedInUserController {

	@GetMapping(path = "/api/me", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(operationId = "getSignedInUser", summary = "The user the caller is signed in as",
			description = "`name` is `null` for a visitor who is not signed in.")
	SignedInUser me(@Nullable Principal principal) {
		return new SignedInUser((principal != null) ? principal.getName() : null);
	}

	/**
	 * The user the caller is signed in as.
	 *
	 * @param name the user's name, or {@code null} when not signed in
	 */
	record SignedInUser(@Schema(description = "The user's name, `null` when not signed in",
			types = { "string", "null" }, example = "alice") @Nullable String name) {

	}

}
