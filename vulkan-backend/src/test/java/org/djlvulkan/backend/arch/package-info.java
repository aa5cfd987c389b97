/** Tests of the backend's structure: which packages may import which. */
package org.djlvulkan.backend.arch;
