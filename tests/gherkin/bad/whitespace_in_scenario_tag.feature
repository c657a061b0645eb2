Feature: F
  Scenario: S
    Given a

  @smoke test
  Scenario: T
    Given b
