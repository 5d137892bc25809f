package io.github.ssebroadcast.test;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Counts the requests that have not ended: an asynchronous one until its listeners hear
 * that it completed, as the servlet API has every container tell them, however it ends.
 */
@Configuration(proxyBeanMethods = false)
public class OpenRequests {

	private final AtomicInteger count = new AtomicInteger();

	/**
	 * Return how many requests have not ended.
	 * @return the number of open requests
	 */
	public int count() {
		return this.count.get();
	}

	@Bean
	Filter openRequestCounter() {
		return (request, response, chain) -> {
			if (request.getDispatcherType() != DispatcherType.REQUEST) {
				chain.doFilter(request, response);
				return;
			}
			this.count.incrementAndGet();
			try {
				chain.doFilter(request, response);
			}
			finally {
				if (request.isAsyncStarted()) {
					request.getAsyncContext().addListener(new EndListener(this.count));
				}
				else {
					this.count.decrementAndGet();
				}
			}
		};
	}

	/**
	 * Counts an asynchronous request down when it ends.
	 */
	private record EndListener(AtomicInteger count) implements AsyncListener {

		@Override
		public void onComplete(AsyncEvent event) {
			this.count.decrementAndGet();
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

}
