package io.github.ssebroadcast.benchmarks.jmh;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/**
 * Attaches to an emitter the handler Spring MVC would attach when the controller returns it,
 * but one that only counts the bytes it is asked to write, so that the broadcaster's path
 * can be measured without a servlet container. The handler interface is not public, so this
 * goes through reflection; the cost of the proxy call is part of every write measured.
 */
final class NoopEmitterHandler implements InvocationHandler {

	private static final Class<?> HANDLER;

	private static final Method INITIALIZE;

	static {
		try {
			HANDLER = Class.forName(ResponseBodyEmitter.class.getName() + "$Handler");
			INITIALIZE = ResponseBodyEmitter.class.getDeclaredMethod("initialize", HANDLER);
			INITIALIZE.setAccessible(true);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	long bytes;

	long writes;

	/**
	 * Attach a counting handler to the given emitter.
	 * @param emitter the emitter, not yet returned to Spring MVC
	 * @return the handler
	 */
	static NoopEmitterHandler attach(ResponseBodyEmitter emitter) {
		NoopEmitterHandler handler = new NoopEmitterHandler();
		Object proxy = Proxy.newProxyInstance(NoopEmitterHandler.class.getClassLoader(), new Class<?>[] { HANDLER },
				handler);
		try {
			INITIALIZE.invoke(emitter, proxy);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
		return handler;
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) {
		if (method.getName().equals("send")) {
			this.writes++;
			if (args.length == 1 && args[0] instanceof Set<?> items) {
				for (Object item : items) {
					Object data = ((ResponseBodyEmitter.DataWithMediaType) item).getData();
					if (data instanceof byte[] array) {
						this.bytes += array.length;
					}
				}
			}
		}
		return null;
	}

}
