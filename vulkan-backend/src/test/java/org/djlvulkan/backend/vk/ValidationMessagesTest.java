package org.djlvulkan.backend.vk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValidationMessagesTest {
  private static final String PREFIX =
      "Validation Error: [ VUID-VkShaderModuleCreateInfo-pCode-01091 ] | vkCreateShaderModule(): ";

  @Test
  void onlyTheDotProductCapabilityMessagesAreKnownFalsePositives() {
    assertThat(
            ValidationMessages.isKnownFalsePositive(
                PREFIX + "The SPIR-V Capability (DotProductKHR) was declared, but none of the"))
        .isTrue();
    assertThat(
            ValidationMessages.isKnownFalsePositive(
                PREFIX + "The SPIR-V Capability (DotProductInput4x8BitPackedKHR) was declared"))
        .isTrue();
    assertThat(
            ValidationMessages.isKnownFalsePositive(
                PREFIX + "The SPIR-V Capability (Int8) was declared, but none of the"))
        .isFalse();
    assertThat(
            ValidationMessages.isKnownFalsePositive(
                "Validation Error: [ VUID-vkCmdDispatch-None-02699 ] DotProductKHR"))
        .isFalse();
  }
}
