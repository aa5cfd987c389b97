/** Tests of the model zoo: catalog, settings, file resolution and downloads, DJL loading. */
package org.djlvulkan.zoo;
