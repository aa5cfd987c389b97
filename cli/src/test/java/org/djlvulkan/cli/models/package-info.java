/** Tests of model choice and loading. */
package org.djlvulkan.cli.models;
