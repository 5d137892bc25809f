package io.github.ssebroadcast.web;

/**
 * A request for the event stream that asks for what cannot be given, such as an invalid
 * topic; answered with a 400 problem naming the parameter, before the stream starts.
 */
public class SseSubscriptionRequestException extends RuntimeException {

	private final String parameter;

	/**
	 * Create the exception.
	 * @param parameter the request parameter that is wrong
	 * @param detail what is wrong, in the request's terms
	 */
	public SseSubscriptionRequestException(String parameter, String detail) {
		super(detail);
		this.parameter = parameter;
	}

	/**
	 * Return the request parameter that is wrong.
	 * @return the parameter's name
	 */
	public String getParameter() {
		return this.parameter;
	}

}
