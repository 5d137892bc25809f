package io.github.ssebroadcast.sample;

/**
 * A request parameter or field with a bad value, answered with a 400 problem naming it.
 */
class BadRequestException extends RuntimeException {

	private final String field;

	BadRequestException(String field, String detail) {
		super(detail);
		this.field = field;
	}

	/**
	 * Return the name of the parameter, header or body field at fault.
	 * @return the name
	 */
	String getField() {
		return this.field;
	}

}
