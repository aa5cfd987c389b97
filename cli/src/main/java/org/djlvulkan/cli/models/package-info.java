/** How the commands name and load models: zoo names or ONNX files, on a DJL engine. */
package org.djlvulkan.cli.models;
