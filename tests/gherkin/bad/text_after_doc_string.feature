Feature: F
  Scenario: S
    Given a body
      """
      text
      """
    stray text
