Feature: F
  Scenario: S
    Given a body
      """
      one
      """
      ```
      two
      ```
