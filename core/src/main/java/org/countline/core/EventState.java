package org.countline.core;

/**
 * What Countline remembers of one event: the revision that counts, where it counts (operation,
 * force and local day, as epoch day) and what it contributes. A withdrawn event keeps its
 * revision, so that an older revision arriving late is still ignored.
 */
public record EventState(
    int revision, String operationId, String force, int epochDay, Tally contribution, boolean withdrawn) {}
