package org.countline.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countline.avro.FieldEvent;
import org.countline.avro.Source;
import org.countline.avro.Totals;
import org.countline.core.ReferenceData;
import org.countline.core.json.FieldEventJson;
import org.countline.core.json.ParseOptions;
import org.countline.gateway.GatewayTokens;
import org.countline.producers.FieldEventPublisher;
import org.countline.producers.ReferencePublisher;
import org.countline.registry.client.HttpSchemaRegistryClient;
import org.countline.registry.client.SchemaRegistryException;
import org.countline.registry.serde.SpecificAvroDeserializer;
import org.countline.registry.serde.SpecificAvroSerializer;
import org.countline.registry.server.RegistryServer;
import org.countline.registry.server.RegistryServerConfig;
import org.countline.streams.TopicSetup;
import org.countline.streams.Topics;
import org.countline.streams.TotalsApp;
import org.countline.streams.TotalsReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Countline on a secured broker, set up as {@code deploy/} sets up production: a SASL_PLAINTEXT
 * listener with SCRAM-SHA-512 and the StandardAuthorizer ({@link SecurityBroker}), one SCRAM user
 * per role and the ACLs of {@code deploy/init/init.sh}, the schema registry behind basic auth.
 *
 * <p>Shows: each principal writes what its role needs and is denied the rest (a denied write is a
 * {@link TopicAuthorizationException}); a wrong password fails authentication with a clear error;
 * the registry answers 401 without credentials and works with them; gateway tokens are stored
 * only as hashes; the gateway and the streams app, each as its own principal in a JVM of its own,
 * take an event over HTTP and count it; and no secret appears in any log of the run (the broker's,
 * the roles', this JVM's).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecurityIT {
  static final String OP = "sec-2022-10";
  static final String APP_ID = TotalsApp.DEFAULT_APPLICATION_ID;
  static final Clock CLOCK = Clock.fixed(Instant.parse("2022-10-05T11:00:00Z"), ZoneOffset.UTC);
  /** The principals of deploy/init/init.sh. */
  static final List<String> ROLES = List.of("gateway", "streams", "control-room", "schema-registry", "operator", "publisher");

  @TempDir static Path dir;

  static SecurityBroker broker;
  static RegistryServer registry;
  static final Map<String, String> passwords = new LinkedHashMap<>();
  static final String registryPassword = SecurityBroker.password();
  static final String registryAdminPassword = SecurityBroker.password();
  static final List<String> tokens = new ArrayList<>();
  static final Map<String, String> figures = new LinkedHashMap<>();
  static final ByteArrayOutputStream ownLog = new ByteArrayOutputStream();
  static PrintStream originalErr;
  static PrintStream originalOut;
  static long startedAt;

  @BeforeAll
  static void start() throws Exception {
    startedAt = System.nanoTime();
    // This JVM's own log output (slf4j-simple writes to System.err) is kept to be searched at the end.
    originalErr = System.err;
    originalOut = System.out;
    System.setErr(new PrintStream(new Tee(originalErr, ownLog), true, StandardCharsets.UTF_8));
    System.setOut(new PrintStream(new Tee(originalOut, ownLog), true, StandardCharsets.UTF_8));

    broker = SecurityBroker.start(dir.resolve("kafka"));
    ROLES.forEach(role -> passwords.put(role, SecurityBroker.password()));
    try (Admin admin = Admin.create(broker.admin())) {
      List<UserScramCredentialUpsertion> users = new ArrayList<>();
      passwords.forEach((user, password) -> users.add(new UserScramCredentialUpsertion(user,
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password)));
      admin.alterUserScramCredentials(new ArrayList<>(users)).all().get(60, TimeUnit.SECONDS);
      List<NewTopic> topics = new ArrayList<>(TopicSetup.topics(3, (short) 1, 1));
      topics.add(GatewayTokens.topic());
      topics.add(new NewTopic("_schemas", 1, (short) 1)
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
      admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
      List<AclBinding> acls = acls();
      admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
      // The broker's authorizer applies ACLs once it has read them from the metadata log.
      await("ACLs in force").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
          admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).containsAll(acls));
    }
    registry = new RegistryServer(withSasl(RegistryServerConfig.builder(broker.bootstrap).port(0)
        .user("countline", registryPassword).user("admin", registryAdminPassword), "schema-registry").build()).start();
    // As operator: the forces and the operation (countline operation create).
    try (ReferencePublisher publisher = new ReferencePublisher(new KafkaProducer<>(
        producerProps("operator"), new StringSerializer(), avro()))) {
      publisher.publishForces(ReferenceData.defaults());
      publisher.publishOperation(GatewayFuzzWorld.operation(OP));
    }
  }

  private static RegistryServerConfig.Builder withSasl(RegistryServerConfig.Builder b, String role) {
    SecurityBroker.sasl(role, passwords.get(role)).forEach(b::kafkaProperty);
    return b;
  }

  @AfterAll
  static void stop() {
    try {
      if (registry != null) {
        registry.close();
      }
      if (broker != null) {
        broker.close();
      }
    } finally {
      if (originalErr != null) {
        System.setErr(originalErr);
        System.setOut(originalOut);
      }
    }
  }

  /** deploy/init/init.sh's ACLs, for the application id {@value #APP_ID} and registry group schema-registry. */
  static List<AclBinding> acls() {
    List<AclBinding> acls = new ArrayList<>();
    for (String role : List.of("gateway", "streams", "control-room", "operator")) {
      allow(acls, role, prefixed(ResourceType.TOPIC, "countline."), AclOperation.DESCRIBE);
    }
    allow(acls, "gateway", topic(Topics.FIELD_EVENTS), AclOperation.WRITE, AclOperation.READ);
    for (String t : List.of(GatewayTokens.TOPIC, Topics.OPERATIONS, Topics.FORCES)) {
      allow(acls, "gateway", topic(t), AclOperation.READ);
    }
    for (String t : List.of(Topics.FIELD_EVENTS, Topics.OPERATIONS, Topics.FORCES)) {
      allow(acls, "streams", topic(t), AclOperation.READ);
    }
    allow(acls, "streams", prefixed(ResourceType.TOPIC, "countline.totals."), AclOperation.WRITE);
    allow(acls, "streams", topic(Topics.REJECTED), AclOperation.WRITE);
    allow(acls, "streams", prefixed(ResourceType.TOPIC, APP_ID), AclOperation.ALL);
    allow(acls, "streams", new ResourcePattern(ResourceType.GROUP, APP_ID, PatternType.LITERAL),
        AclOperation.READ, AclOperation.DESCRIBE);
    allow(acls, "streams", prefixed(ResourceType.TRANSACTIONAL_ID, APP_ID), AclOperation.WRITE, AclOperation.DESCRIBE);
    // init.sh: "until the gateway and streams commands stop loading the bundled forces at start".
    allow(acls, "gateway", topic(Topics.FORCES), AclOperation.WRITE);
    allow(acls, "streams", topic(Topics.FORCES), AclOperation.WRITE);
    allow(acls, "control-room", prefixed(ResourceType.TOPIC, "countline.totals."), AclOperation.READ);
    for (String t : List.of(Topics.OPERATIONS, Topics.FORCES, Topics.REJECTED)) {
      allow(acls, "control-room", topic(t), AclOperation.READ);
    }
    allow(acls, "schema-registry", topic("_schemas"), AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE,
        AclOperation.DESCRIBE_CONFIGS);
    allow(acls, "schema-registry", prefixed(ResourceType.GROUP, "schema-registry"), AclOperation.READ, AclOperation.DESCRIBE);
    for (String t : List.of(Topics.OPERATIONS, Topics.FORCES, GatewayTokens.TOPIC, Topics.FIELD_EVENTS)) {
      allow(acls, "operator", topic(t), AclOperation.READ, AclOperation.WRITE);
    }
    allow(acls, "operator", prefixed(ResourceType.TOPIC, "countline.totals."), AclOperation.READ);
    allow(acls, "operator", topic(Topics.REJECTED), AclOperation.READ);
    allow(acls, "publisher", topic(Topics.FIELD_EVENTS), AclOperation.WRITE, AclOperation.DESCRIBE);
    for (String t : List.of(Topics.OPERATIONS, Topics.FORCES)) {
      allow(acls, "publisher", topic(t), AclOperation.READ, AclOperation.DESCRIBE);
    }
    return acls;
  }

  private static void allow(List<AclBinding> acls, String role, ResourcePattern pattern, AclOperation... operations) {
    for (AclOperation op : operations) {
      acls.add(new AclBinding(pattern, new AccessControlEntry("User:" + role, "*", op, AclPermissionType.ALLOW)));
    }
  }

  private static ResourcePattern topic(String name) {
    return new ResourcePattern(ResourceType.TOPIC, name, PatternType.LITERAL);
  }

  private static ResourcePattern prefixed(ResourceType type, String prefix) {
    return new ResourcePattern(type, prefix, PatternType.PREFIXED);
  }

  // --- principals and ACLs ---------------------------------------------------------------------

  @Test
  @Order(1)
  void shouldLetTheGatewayAndPublisherWriteEventsButDenyThemTheTotalsTopics() throws Exception {
    // Each writes one valid event (Durham for the gateway principal, Essex for the publisher): allowed.
    for (String[] writer : new String[][] {{"gateway", "durham"}, {"publisher", "essex"}}) {
      try (FieldEventPublisher publisher = new FieldEventPublisher(new KafkaProducer<>(producerProps(writer[0]),
          new StringSerializer(), eventSerializer()))) {
        publisher.publish(arrest(writer[1], 1)).get(60, TimeUnit.SECONDS);
      }
    }
    // ...and is denied countline.totals.national, which only the streams principal writes.
    for (String role : List.of("gateway", "publisher")) {
      assertThat(deniedWrite(role, Topics.TOTALS_NATIONAL)).as(role).isInstanceOf(TopicAuthorizationException.class)
          .hasMessageContaining(Topics.TOTALS_NATIONAL);
    }
    // The streams principal writes only its own topics: not the events.
    assertThat(deniedWrite("streams", Topics.FIELD_EVENTS)).isInstanceOf(TopicAuthorizationException.class);
    Throwable denied = deniedWrite("gateway", Topics.TOTALS_NATIONAL);
    figures.put("denied-write", "yes (gateway -> " + Topics.TOTALS_NATIONAL + ": " + denied.getClass().getSimpleName() + ")");
    figures.put("allowed-write", "gateway,publisher -> " + Topics.FIELD_EVENTS);
  }

  /** The error of a write of {@code role} to {@code topic}; fails the test if the write succeeds. */
  private static Throwable deniedWrite(String role, String topic) throws Exception {
    Properties p = producerProps(role);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, "x".getBytes(StandardCharsets.UTF_8), new byte[] {1})).get(60, TimeUnit.SECONDS);
      throw new AssertionError(role + " could write " + topic);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (org.apache.kafka.common.KafkaException e) {
      return e;
    }
  }

  @Test
  @Order(2)
  void shouldRefuseAWrongPasswordWithAClearAuthenticationError() {
    for (String[] credentials : new String[][] {{"gateway", "not-the-password-of-gateway"}, {"nobody", "whatever-it-is"}}) {
      Map<String, Object> p = broker.client(credentials[0], credentials[1]);
      try (Admin admin = Admin.create(p)) {
        assertThatThrownBy(() -> admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause().isInstanceOf(SaslAuthenticationException.class)
            .hasMessageContaining("Authentication failed").hasMessageContaining("invalid credentials")
            .hasMessageContaining("SCRAM-SHA-512");
      }
    }
    figures.put("wrong-password", "refused (SaslAuthenticationException: Authentication failed ... invalid credentials)");
  }

  // --- the schema registry ---------------------------------------------------------------------

  @Test
  @Order(3)
  void shouldAnswer401WithoutCredentialsAndWorkWithThem() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/subjects")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/subjects"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("countline:wrong".getBytes(StandardCharsets.UTF_8)))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(401);

    try (HttpSchemaRegistryClient anonymous = HttpSchemaRegistryClient.builder().urls(List.of(registry.url())).build()) {
      assertThatThrownBy(anonymous::getAllSubjects).isInstanceOfSatisfying(SchemaRegistryException.class,
          e -> assertThat(e.httpStatus()).isEqualTo(401));
    }
    try (HttpSchemaRegistryClient client = HttpSchemaRegistryClient.builder().urls(List.of(registry.url()))
        .userInfo("countline:" + registryPassword).build()) {
      int id = client.register("security-it-value", FieldEvent.getClassSchema());
      assertThat(client.getSchemaById(id)).isEqualTo(FieldEvent.getClassSchema());
      assertThat(client.getAllSubjects()).contains("security-it-value", "countline.field-events-value");
    }
    figures.put("registry", "401 without or with wrong credentials, works with basic auth");
  }

  // --- tokens ----------------------------------------------------------------------------------

  @Test
  @Order(4)
  void shouldStoreGatewayTokensOnlyAsHashes() {
    // As operator (countline token create --force kent).
    String token = GatewayTokens.issue(broker.bootstrap, Map.copyOf(SecurityBroker.sasl("operator", passwords.get("operator"))),
        ReferenceData.defaults(), "kent", CLOCK);
    tokens.add(token);
    List<ConsumerRecord<byte[], byte[]>> records = readAll(GatewayTokens.TOPIC);
    assertThat(records).isNotEmpty();
    byte[] plain = token.getBytes(StandardCharsets.UTF_8);
    for (ConsumerRecord<byte[], byte[]> r : records) {
      assertThat(contains(r.key(), plain) || contains(r.value(), plain)).as("plain token in the tokens topic").isFalse();
    }
    assertThat(records).anySatisfy(r ->
        assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(GatewayTokens.hash(token)));
    figures.put("tokens-hashed", "yes (" + records.size() + " record(s), key = SHA-256, plain token absent)");
  }

  // --- the roles, as their principals, and the logs --------------------------------------------

  @Test
  @Order(5)
  void shouldTakeAndCountAnEventWithEachRoleAsItsOwnPrincipalAndLogNoSecret() throws Exception {
    Path roles = dir.resolve("roles");
    Files.createDirectories(roles);
    Path gatewayConfig = writeKafkaConfig(roles.resolve("gateway.properties"), "gateway");
    Path streamsConfig = writeKafkaConfig(roles.resolve("streams.properties"), "streams");
    Properties settings = new Properties();
    settings.setProperty("bootstrap", broker.bootstrap);
    settings.setProperty("registry.url", registry.url().replace("http://", "http://countline:" + registryPassword + "@"));
    settings.setProperty("state.dir", roles.resolve("state").toString());
    settings.setProperty("application.id", APP_ID);
    settings.setProperty("gateway.kafka.config", gatewayConfig.toString());
    settings.setProperty("streams.kafka.config", streamsConfig.toString());
    Path settingsFile = roles.resolve("roles.properties");
    try (OutputStream out = Files.newOutputStream(settingsFile)) {
      settings.store(out, null);
    }
    Path output = roles.resolve("roles.log");
    Process process = SecurityBroker.java(SecurityRolesMain.class.getName(), output, settingsFile.toString());
    try {
      String[] gatewayUrl = new String[1];
      await("the roles JVM ready").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> {
        assertThat(process.isAlive()).as("roles JVM alive; its output:\n" + tail(output)).isTrue();
        gatewayUrl[0] = SecurityBroker.read(output).lines().filter(l -> l.startsWith("SECURITY-ROLES ready gateway="))
            .map(l -> l.substring("SECURITY-ROLES ready gateway=".length())).findFirst().orElse(null);
        return gatewayUrl[0] != null;
      });

      String body = "{\"operationId\":\"" + OP + "\",\"force\":\"kent\",\"type\":\"arrest\","
          + "\"occurredAt\":\"2022-10-04T09:30:00+01:00\",\"reporter\":\"r-7\",\"arrest\":{\"count\":3}}";
      HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gatewayUrl[0] + "/v1/events"))
          .header("Authorization", "Bearer " + tokens.get(0)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);

      // Counted by the streams principal; read back as the control room reads it.
      SpecificAvroDeserializer<Totals> totals = new SpecificAvroDeserializer<>(Totals.class);
      totals.configure(serdeConfig(), false);
      Map<String, Object> controlRoom = Map.copyOf(SecurityBroker.sasl("control-room", passwords.get("control-room")));
      await("kent's totals").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
        Map<String, Totals> force = TotalsReader.latest(broker.bootstrap, controlRoom, Topics.TOTALS_FORCE, totals,
            k -> k.startsWith(OP + "/"), Duration.ofSeconds(30));
        assertThat(force.get(OP + "/kent")).isNotNull();
        assertThat(force.get(OP + "/kent").getArrests()).isEqualTo(3);
        // The events the gateway and publisher principals wrote straight to Kafka count too.
        assertThat(force.get(OP + "/durham").getArrests()).isEqualTo(1);
        assertThat(force.get(OP + "/essex").getArrests()).isEqualTo(1);
      });
      figures.put("streams-counted", "yes (kent arrests=3 via gateway HTTP; durham, essex via direct writes)");
    } finally {
      process.destroy();
      if (!process.waitFor(90, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
    }

    // No secret in any log: the broker's, the storage format's, the roles JVM's, this JVM's.
    Map<String, String> secrets = new LinkedHashMap<>();
    passwords.forEach((role, password) -> secrets.put("SCRAM password of " + role, password));
    secrets.put("SCRAM password of broker", broker.brokerPassword);
    secrets.put("SCRAM password of admin", broker.adminPassword);
    secrets.put("registry password of countline", registryPassword);
    secrets.put("registry password of admin", registryAdminPassword);
    secrets.put("gateway token", tokens.get(0));
    secrets.put("registry credentials, base64", Base64.getEncoder().encodeToString(
        ("countline:" + registryPassword).getBytes(StandardCharsets.UTF_8)));
    Map<String, String> logs = new LinkedHashMap<>();
    logs.put("broker", SecurityBroker.read(broker.log()));
    logs.put("storage format", SecurityBroker.read(broker.dir.resolve("format.log")));
    logs.put("roles JVM", SecurityBroker.read(output));
    logs.put("test JVM", ownLog.toString(StandardCharsets.UTF_8));
    // The logs are real: the clients logged their configuration, with the JAAS line masked.
    assertThat(logs.get("roles JVM")).contains("Gateway listening").contains("sasl.jaas.config = [hidden]")
        .contains("SCRAM-SHA-512");
    assertThat(logs.get("broker")).contains("SCRAM-SHA-512");
    List<String> leaks = new ArrayList<>();
    logs.forEach((log, text) -> secrets.forEach((what, secret) -> {
      if (text.contains(secret)) {
        leaks.add(what + " in the " + log + " log");
      }
    }));
    assertThat(leaks).as("secrets in logs").isEmpty();
    long lines = logs.values().stream().mapToLong(t -> t.lines().count()).sum();
    figures.put("secrets-in-logs", "0 of " + secrets.size() + " secrets in " + lines + " log lines (" + logs.keySet() + ")");
    System.out.printf("RELIABILITY security: %s seconds=%.1f%n", String.join(" ",
        figures.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()),
        (System.nanoTime() - startedAt) / 1e9);
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static Path writeKafkaConfig(Path file, String role) throws Exception {
    Properties p = new Properties();
    SecurityBroker.sasl(role, passwords.get(role)).forEach((k, v) -> p.setProperty(k, String.valueOf(v)));
    try (OutputStream out = Files.newOutputStream(file)) {
      p.store(out, null);
    }
    return file;
  }

  private static Properties producerProps(String role) {
    Properties p = new Properties();
    p.putAll(broker.client(role, passwords.get(role)));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return p;
  }

  private static Map<String, Object> serdeConfig() {
    return Map.of("schema.registry.url", registry.url(), "basic.auth.credentials.source", "USER_INFO",
        "basic.auth.user.info", "countline:" + registryPassword);
  }

  private static SpecificAvroSerializer<SpecificRecord> avro() {
    SpecificAvroSerializer<SpecificRecord> s = new SpecificAvroSerializer<>();
    s.configure(serdeConfig(), false);
    return s;
  }

  private static SpecificAvroSerializer<FieldEvent> eventSerializer() {
    SpecificAvroSerializer<FieldEvent> s = new SpecificAvroSerializer<>();
    s.configure(serdeConfig(), false);
    return s;
  }

  private static FieldEvent arrest(String force, int count) {
    String json = "{\"operationId\":\"" + OP + "\",\"force\":\"" + force + "\",\"type\":\"arrest\","
        + "\"occurredAt\":\"2022-10-04T09:30:00+01:00\",\"reporter\":\"r-9\",\"arrest\":{\"count\":" + count + "}}";
    return FieldEventJson.parse(json, ParseOptions.of(Source.IMPORT).withClock(CLOCK)).event();
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Properties p = new Properties();
    p.putAll(broker.admin());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      while (!TotalsReader.caughtUp(consumer, end)) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    if (haystack == null) {
      return false;
    }
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(new String(needle, StandardCharsets.ISO_8859_1));
  }

  private static String tail(Path file) {
    List<String> lines = SecurityBroker.read(file).lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  /** Writes to two streams: the console as before, and a buffer searched for secrets. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      first.write(b);
      synchronized (second) {
        second.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      synchronized (second) {
        second.write(b, off, len);
      }
    }

    @Override
    public void flush() throws java.io.IOException {
      first.flush();
    }
  }
}
