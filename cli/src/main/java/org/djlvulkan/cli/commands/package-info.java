/** The subcommands of the {@code djl-vulkan} app, one small class each. */
package org.djlvulkan.cli.commands;
