package org.countline.streams;

/** Every test of {@link TotalsTopologyTest} with the event-revision store in RocksDB instead of memory. */
class TotalsTopologyRocksDbTest extends TotalsTopologyTest {
  @Override
  TopologyOptions options() {
    return TopologyOptions.defaults().withRevisionsInMemory(false);
  }
}
