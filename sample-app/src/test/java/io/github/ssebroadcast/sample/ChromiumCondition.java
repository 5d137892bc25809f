package io.github.ssebroadcast.sample;

import java.util.List;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Enables {@link RequiresChromium} tests when Chromium and its driver are installed;
 * otherwise skips them with a visible message, or fails them when {@code CI=true}.
 */
class ChromiumCondition implements ExecutionCondition {

	@Override
	public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
		List<String> missing = Chromium.missing();
		if (missing.isEmpty()) {
			return ConditionEvaluationResult.enabled("Chromium and its driver are installed");
		}
		String what = String.join(" and ", missing);
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException(what + ": browser tests cannot run, and CI=true requires them. "
					+ Chromium.INSTALL_HINT);
		}
		String message = what + ": browser tests SKIPPED. " + Chromium.INSTALL_HINT;
		if (context.getTestMethod().isEmpty()) {
			System.err.println("WARNING: " + context.getDisplayName() + ": " + message);
		}
		return ConditionEvaluationResult.disabled(message);
	}

}
