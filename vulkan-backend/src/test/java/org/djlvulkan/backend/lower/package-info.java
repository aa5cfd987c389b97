/** Tests of the lowering: shape inference against the shapes the lowering gives. */
package org.djlvulkan.backend.lower;
