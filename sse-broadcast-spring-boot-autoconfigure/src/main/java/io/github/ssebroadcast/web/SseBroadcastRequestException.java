package io.github.ssebroadcast.web;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * A broadcast request that cannot be accepted, answered with a problem response.
 */
public class SseBroadcastRequestException extends RuntimeException {

	private final HttpStatus status;

	@Nullable
	private final String field;

	public SseBroadcastRequestException(HttpStatus status, @Nullable String field, String detail) {
		super(detail);
		this.status = status;
		this.field = field;
	}

	static SseBroadcastRequestException badField(String field, String detail) {
		return new SseBroadcastRequestException(HttpStatus.BAD_REQUEST, field, detail);
	}

	public HttpStatus getStatus() {
		return this.status;
	}

	/**
	 * Return the request field at fault, if any.
	 * @return the field name, or {@code null}
	 */
	@Nullable
	public String getField() {
		return this.field;
	}

}
