package org.djlvulkan.zoo;

/** Where {@link FileResolver} found a file. */
public enum FileSource {
  /** The model mirror folder ({@code DJL_VULKAN_MODEL_MIRROR}). */
  MIRROR,
  /** The zoo's folder in DJL's cache, from an earlier download. */
  CACHE,
  /** Downloaded now into the cache. */
  DOWNLOAD
}
