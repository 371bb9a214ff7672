package org.countline.core;

import org.countline.avro.Force;

/** A police force and the region it reports with, as people and codes know them. */
public record ForceInfo(String code, String name, String region, String regionName) {
  public Force toAvro() {
    return Force.newBuilder().setCode(code).setName(name).setRegion(region).setRegionName(regionName).build();
  }

  public static ForceInfo fromAvro(Force f) {
    return new ForceInfo(f.getCode(), f.getName(), f.getRegion(), f.getRegionName());
  }
}
