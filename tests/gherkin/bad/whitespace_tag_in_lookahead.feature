Feature: F
  Scenario: S
    Given a
  @ok
  @not ok
  Scenario: T
    Given b
