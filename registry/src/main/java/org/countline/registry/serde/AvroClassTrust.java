package org.countline.registry.serde;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Tells Avro which generated classes it may load while reading.
 *
 * <p>Avro 1.12 refuses to instantiate classes named by a schema unless their package is trusted
 * through the {@code org.apache.avro.SERIALIZABLE_PACKAGES} system property or {@link
 * ClassSecurityValidator}. The deserializers trust {@value #GENERATED_PACKAGE} and any configured
 * reader class here, so no user has to set a property. Trust is added to whatever validator is
 * installed, never replacing it: the system properties keep working.
 */
public final class AvroClassTrust {

  /** The package of Countline's generated Avro classes. */
  public static final String GENERATED_PACKAGE = "org.countline.avro";

  // Static because Avro's validator is itself process-wide.
  private static final Set<String> PACKAGES = ConcurrentHashMap.newKeySet();
  private static final ClassSecurityPredicate TRUSTED_PACKAGES = AvroClassTrust::isTrusted;
  private static ClassSecurityPredicate installed;

  private AvroClassTrust() {}

  /** Trusts a package and its sub-packages. */
  public static void trustPackage(String packageName) {
    PACKAGES.add(packageName);
    install();
  }

  /** Trusts the package (and sub-packages) of a generated class. */
  public static void trustPackageOf(Class<?> type) {
    trustPackage(type.getPackageName());
  }

  static boolean isTrusted(Class<?> type) {
    String packageName = type.getPackageName();
    for (String trusted : PACKAGES) {
      if (packageName.equals(trusted) || packageName.startsWith(trusted + ".")) {
        return true;
      }
    }
    return false;
  }

  private static synchronized void install() {
    ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
    // Re-wrap only if someone replaced the validator since we last installed ours.
    if (current != installed) {
      installed = ClassSecurityValidator.composite(current, TRUSTED_PACKAGES);
      ClassSecurityValidator.setGlobal(installed);
    }
  }
}
