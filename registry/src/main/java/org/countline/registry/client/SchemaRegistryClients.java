package org.countline.registry.client;

import java.util.List;

/**
 * Builds the client a list of registry URLs asks for: the in-memory {@link MockSchemaRegistry} of a
 * scope for {@code mock://SCOPE}, else an {@link HttpSchemaRegistryClient}.
 */
public final class SchemaRegistryClients {

  private SchemaRegistryClients() {}

  /**
   * @param urls base URLs ({@code http://...}, tried in order) or a single {@code mock://SCOPE}
   * @param userInfo basic auth credentials {@code user:password}, or {@code null}
   */
  public static SchemaRegistryClient create(List<String> urls, String userInfo) {
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("No schema registry URL given");
    }
    boolean mock =
        urls.stream().anyMatch(url -> url.startsWith(MockSchemaRegistry.MOCK_URL_PREFIX));
    if (mock) {
      if (urls.size() != 1) {
        throw new IllegalArgumentException(
            "A mock:// schema registry URL cannot be combined with others: " + urls);
      }
      return MockSchemaRegistry.scope(MockSchemaRegistry.scopeOf(urls.get(0)));
    }
    HttpSchemaRegistryClient.Builder builder = HttpSchemaRegistryClient.builder().urls(urls);
    if (userInfo != null) {
      builder.userInfo(userInfo);
    }
    return builder.build();
  }
}
