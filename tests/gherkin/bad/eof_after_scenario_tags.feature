Feature: F
  Scenario: S
    Given a

  @orphan
