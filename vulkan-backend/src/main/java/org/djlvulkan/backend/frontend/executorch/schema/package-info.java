/**
 * Classes that {@code flatc} generates at build time (into {@code target/generated-sources}) from
 * {@code vulkan-backend/src/main/flatbuffers}: the tables of an ExecuTorch program and of its
 * Vulkan delegate's graph that the engine reads. The build runs {@code scripts/gen-flatbuffers};
 * nothing here is written by hand or checked in.
 */
package org.djlvulkan.backend.frontend.executorch.schema;
