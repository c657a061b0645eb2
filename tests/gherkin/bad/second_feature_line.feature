Feature: F
  Scenario: S
    Given a
Feature: G
  Scenario: T
    Given b
