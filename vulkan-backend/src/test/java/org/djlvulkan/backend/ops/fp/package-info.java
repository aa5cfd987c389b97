/** Tests of the float operators against Java references. */
package org.djlvulkan.backend.ops.fp;
