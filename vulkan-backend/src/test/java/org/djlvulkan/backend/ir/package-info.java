/** Tests of the IR's own types. */
package org.djlvulkan.backend.ir;
