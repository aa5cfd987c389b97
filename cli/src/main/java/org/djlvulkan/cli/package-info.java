/**
 * The {@code djl-vulkan} command-line app: {@link org.djlvulkan.cli.Main} parses the global
 * options, finds the subcommand in the {@link org.djlvulkan.cli.CommandRegistry} and maps failures
 * to exit codes (0 success, 1 runtime error, 2 usage error).
 */
package org.djlvulkan.cli;
