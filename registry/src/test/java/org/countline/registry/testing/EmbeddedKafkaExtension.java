package org.countline.registry.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the shared {@link EmbeddedKafka} into test and lifecycle methods. The cluster starts on
 * first use and lives in the root extension store, so every test class of the run shares it (a
 * start costs seconds) and JUnit closes it once when the run ends.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedKafkaExtension.class)
 * class SomethingIT {
 *   @BeforeAll
 *   static void start(EmbeddedKafka kafka) { ... kafka.bootstrapServers() ... }
 * }
 * }</pre>
 */
public final class EmbeddedKafkaExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedKafkaExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == EmbeddedKafka.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(EmbeddedKafka.class, type -> start(), EmbeddedKafka.class);
  }

  private static EmbeddedKafka start() {
    try {
      return new EmbeddedKafka();
    } catch (Exception e) {
      throw new ParameterResolutionException("Cannot start the embedded Kafka cluster", e);
    }
  }
}
