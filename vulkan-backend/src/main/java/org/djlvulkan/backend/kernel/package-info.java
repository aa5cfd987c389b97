/**
 * Kernels on the device: pipelines built from the shader index (in one batch, through the on-disk
 * pipeline cache) and the typed key that names a kernel with its specialization constants.
 */
package org.djlvulkan.backend.kernel;
