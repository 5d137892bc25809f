package io.github.ssebroadcast.sample;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.jspecify.annotations.Nullable;

/**
 * Body of {@code POST /api/broadcast/progress}.
 *
 * @param taskId the task the progress is about
 * @param progress how far the task is, in percent
 * @param status what the task is doing, for people
 * @param state the state of the task
 */
@Schema(description = "Progress of a long-running task, to broadcast")
record OperationProgressRequest(
		@Schema(description = "Task the progress is about", example = "task-1") @NotBlank @Size(max = 128) String taskId,
		@Schema(description = "How far the task is, in percent", example = "40") @NotNull @Min(0) @Max(100) Integer progress,
		@Schema(description = "What the task is doing, for people", example = "Copying files",
				defaultValue = "") @Nullable @Size(max = 256) String status,
		@Schema(description = "State of the task", allowableValues = { "queued", "running", "completed", "failed" },
				defaultValue = OperationProgressRequest.DEFAULT_STATE) @Nullable @Pattern(regexp = OperationProgressRequest.STATES,
						message = "must be one of queued, running, completed, failed") String state) {

	static final String STATES = "queued|running|completed|failed";

	static final String DEFAULT_STATE = "running";

}
