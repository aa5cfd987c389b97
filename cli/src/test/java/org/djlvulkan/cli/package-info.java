/** Tests of the command-line app: option parsing, exit codes, and the commands on a real device. */
package org.djlvulkan.cli;
