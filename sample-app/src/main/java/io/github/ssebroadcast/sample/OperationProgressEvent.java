package io.github.ssebroadcast.sample;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Data of the {@code progress} event broadcast by {@code POST /api/broadcast/progress}.
 *
 * @param taskId the task the progress is about
 * @param progress how far the task is, in percent
 * @param status what the task is doing, for people
 * @param state the state of the task
 * @param ts when the server broadcast the event
 */
@Schema(description = "Data of a `progress` event on the broadcast stream")
record OperationProgressEvent(String taskId, int progress, String status, String state,
		@Schema(description = "When the server broadcast the event") Instant ts) {

	static OperationProgressEvent of(OperationProgressRequest request, Instant ts) {
		return new OperationProgressEvent(request.taskId(), request.progress(),
				(request.status() != null) ? request.status() : "",
				(request.state() != null) ? request.state() : OperationProgressRequest.DEFAULT_STATE, ts);
	}

}
