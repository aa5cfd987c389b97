package org.djlvulkan.zoo;

import java.nio.file.Path;

/**
 * A zoo file on local disk.
 *
 * @param path the file
 * @param source where it was found
 */
public record ResolvedFile(Path path, FileSource source) {}
