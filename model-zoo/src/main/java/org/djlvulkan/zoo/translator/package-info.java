/**
 * Translators of the zoo's image classifiers: the ImageNet pre-processing and the reading of
 * scores, done on the host so that they work on any DJL engine.
 */
package org.djlvulkan.zoo.translator;
