Feature: F
  Scenario: S
    Given a body
      """
      never closed
      ```
