/** Tests of the ImageNet translator: pre-processing, labels, scores, end to end. */
package org.djlvulkan.zoo.translator;
