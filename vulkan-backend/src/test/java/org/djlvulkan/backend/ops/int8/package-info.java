/** Tests of the int8 operators against integer references, bit for bit. */
package org.djlvulkan.backend.ops.int8;
