package io.groupbridge.containers;

import com.github.dockerjava.api.exception.NotFoundException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Skips a container test class, with one line that says why, when no Docker engine answers or when
 * {@code scripts/test-images} has not built the images; so a machine without Docker still runs the rest of the suite.
 * The answer is worked out once per test run.
 */
final class TestImagesAvailable implements ExecutionCondition {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(TestImagesAvailable.class);

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("answer", key -> check(), ConditionEvaluationResult.class);
    }

    private static ConditionEvaluationResult check() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return skip("no Docker engine answers (start dockerd, or see docs/real-servers.md)");
        }
        for (String image : TestImages.ALL) {
            try {
                DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            } catch (NotFoundException e) {
                return skip("image " + image + " is missing (build it with scripts/test-images)");
            }
        }
        return ConditionEvaluationResult.enabled("Docker and the groupbridge-test images are here");
    }

    private static ConditionEvaluationResult skip(String why) {
        String line = "container tests skipped: " + why;
        System.err.println(line);
        return ConditionEvaluationResult.disabled(line);
    }
}
