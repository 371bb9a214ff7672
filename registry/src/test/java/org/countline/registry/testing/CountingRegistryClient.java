package org.countline.registry.testing;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.countline.registry.client.CompatibilityLevel;
import org.countline.registry.client.SchemaMetadata;
import org.countline.registry.client.SchemaRegistryClient;

/** A registry client that counts the calls it passes on, to prove the serdes cache. */
public final class CountingRegistryClient implements SchemaRegistryClient {

  private final SchemaRegistryClient delegate;
  private final AtomicInteger calls = new AtomicInteger();

  public CountingRegistryClient(SchemaRegistryClient delegate) {
    this.delegate = delegate;
  }

  /** Every call made so far. */
  public int calls() {
    return calls.get();
  }

  @Override
  public int register(String subject, Schema schema) {
    calls.incrementAndGet();
    return delegate.register(subject, schema);
  }

  @Override
  public SchemaMetadata lookup(String subject, Schema schema) {
    calls.incrementAndGet();
    return delegate.lookup(subject, schema);
  }

  @Override
  public Schema getSchemaById(int id) {
    calls.incrementAndGet();
    return delegate.getSchemaById(id);
  }

  @Override
  public SchemaMetadata getLatestSchemaMetadata(String subject) {
    calls.incrementAndGet();
    return delegate.getLatestSchemaMetadata(subject);
  }

  @Override
  public SchemaMetadata getSchemaMetadata(String subject, int version) {
    calls.incrementAndGet();
    return delegate.getSchemaMetadata(subject, version);
  }

  @Override
  public List<Integer> getAllVersions(String subject) {
    calls.incrementAndGet();
    return delegate.getAllVersions(subject);
  }

  @Override
  public Collection<String> getAllSubjects() {
    calls.incrementAndGet();
    return delegate.getAllSubjects();
  }

  @Override
  public boolean testCompatibility(String subject, Schema schema) {
    calls.incrementAndGet();
    return delegate.testCompatibility(subject, schema);
  }

  @Override
  public CompatibilityLevel getCompatibility(String subject) {
    calls.incrementAndGet();
    return delegate.getCompatibility(subject);
  }

  @Override
  public CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level) {
    calls.incrementAndGet();
    return delegate.updateCompatibility(subject, level);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
