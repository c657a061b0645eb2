Feature: F
  Scenario: S
    Given a
  Background:
    Given b
